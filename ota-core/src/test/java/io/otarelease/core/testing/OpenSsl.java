package io.otarelease.core.testing;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.core.sign.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/** openssl as an independent checker of our signatures, exactly as DESIGN.md tells users to run it. */
public final class OpenSsl {
    private OpenSsl() {
    }

    public static boolean available() {
        return RealParts.onPath("openssl");
    }

    /** Runs {@code openssl dgst -sha256 -verify pub.pem -signature sig.bin message}; true when it says Verified OK. */
    public static boolean verifies(PublicKey key, SignatureEnvelope envelope, Path message) {
        try {
            Path dir = Files.createTempDirectory("openssl-check");
            Path pub = dir.resolve("pub.pem");
            Path sig = dir.resolve("sig.bin");
            Files.writeString(pub, Pem.encode("PUBLIC KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            Files.write(sig, envelope.signature());
            List<String> cmd = new ArrayList<>(List.of("openssl", "dgst", "-sha256", "-verify", pub.toString(),
                    "-signature", sig.toString()));
            if (envelope.algorithm() == Algorithm.RSASSA_PSS_SHA_256) {
                cmd.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"));
            }
            cmd.add(message.toString());
            Processes.Result r = Processes.run(cmd);
            return r.exitCode() == 0 && r.output().contains("Verified OK");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
