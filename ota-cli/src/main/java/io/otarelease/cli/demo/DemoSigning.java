package io.otarelease.cli.demo;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.Signer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * The demo's signer: the real thing when it can run here (a signing server backed by a SoftHSM2 token, reached
 * over mutual TLS by the remote signer), otherwise a development key file. It always says which.
 */
final class DemoSigning implements AutoCloseable {
    private final Signer signer;
    private final DemoSigningServer server;

    private DemoSigning(Signer signer, DemoSigningServer server) {
        this.signer = signer;
        this.server = server;
    }

    static DemoSigning open(Path keys, PrintWriter out) {
        return open(keys, out, DemoSigningServer.missingParts());
    }

    /** @param missing what this machine lacks for the HSM path ("SoftHSM2 is"), or null when it has it all */
    static DemoSigning open(Path keys, PrintWriter out, String missing) {
        if (missing == null) {
            try {
                DemoSigningServer server = DemoSigningServer.start(keys.resolve("signer"));
                out.println("   signing through the OTA signing server at " + server.url() + " (mutual TLS); the key "
                        + "lives in a SoftHSM2 token and never leaves it");
                out.println("   server configuration " + server.config() + ", audit log " + server.auditLog());
                return new DemoSigning(server.signer(), server);
            } catch (RuntimeException e) {
                out.println("   could not start the signing server (" + e.getMessage() + ")");
            }
        } else {
            out.println("   " + missing + " not installed, so no HSM here (apt-get install softhsm2 openssl)");
        }
        out.println("   falling back to a development key file; production keys belong in an HSM or KMS");
        KeyPair pair = KeyGen.generate(Algorithm.ECDSA_SHA_256);
        Path pem = keys.resolve("dev-release.pem");
        AtomicFiles.write(pem, KeyGen.privateKeyPem(pair).getBytes(StandardCharsets.US_ASCII), true);
        out.println("   private key " + pem);
        return new DemoSigning(FileSigner.load(pem, "dev-release", Algorithm.ECDSA_SHA_256), null);
    }

    Signer signer() {
        return signer;
    }

    @Override
    public void close() {
        signer.close();
        if (server != null) {
            server.close();
        }
    }
}
