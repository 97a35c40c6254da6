package io.otarelease.core.gate;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.bundle.BundleSigner;
import io.otarelease.core.bundle.ManifestBuilder;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.SigningService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

/** Real bundles for gate tests: the repository's sample app, copied and signed with a fresh key. */
final class GateBundles {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    static final Path SAMPLE = Path.of("..", "examples", "app", "www");

    private GateBundles() {
    }

    static Path copySample(Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(SAMPLE)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(SAMPLE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /** Signs {@code www} in place and returns the keys a device would trust. */
    static TrustedKeys sign(Path www, Path keyDir) throws IOException {
        KeyPair pair = KeyGen.generate(Algorithm.ECDSA_SHA_256);
        Path pem = Files.createDirectories(keyDir).resolve("dev.pem");
        Files.writeString(pem, KeyGen.privateKeyPem(pair), StandardCharsets.US_ASCII);
        FileSigner signer = FileSigner.load(pem, "dev", Algorithm.ECDSA_SHA_256);
        BundleSigner.sign(www, new ManifestBuilder().appId("com.example.shop").version("1.0.0")
                .minNativeVersion("1.0.0").clock(CLOCK), new SigningService(signer, CLOCK));
        return new TrustedKeys(List.of(new TrustedKey("dev", Algorithm.ECDSA_SHA_256, pair.getPublic())));
    }

    static GatePolicy policy(String yaml) {
        return PolicyLoader.parse(yaml, "test policy", PolicyLoader.defaults());
    }
}
