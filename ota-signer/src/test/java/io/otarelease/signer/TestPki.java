package io.otarelease.signer;

import io.otarelease.core.testing.Processes;
import io.otarelease.core.tls.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates made by openssl for a test: a server CA and a server certificate for 127.0.0.1, a client CA with
 * client certificates (good, limited, revoked, unlisted, expired), and a foreign CA whose clients nobody trusts.
 * Every client also gets a PKCS#12 file, as a Jenkins certificate credential would hold it.
 */
public final class TestPki {
    public static final String P12_PASSWORD = "p12-test-pass";

    /** A client identity: PEM certificate and key, the same in PKCS#12, and the certificate's SHA-256. */
    public record Identity(String name, Path cert, Path key, Path p12, String fingerprint) {
    }

    private final Path dir;
    public final Path serverCa;
    public final Path clientCa;
    public final Path serverP12;
    public final Identity server;

    private TestPki(Path dir) {
        this.dir = dir;
        this.serverCa = dir.resolve("server-ca.pem");
        this.clientCa = dir.resolve("client-ca.pem");
        this.serverP12 = dir.resolve("server.p12");
        ca("server-ca", "OTA Test Server CA");
        ca("client-ca", "OTA Test Client CA");
        ca("foreign-ca", "Someone Else's CA");
        this.server = leaf("server", "server-ca", "CN=127.0.0.1", 30,
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    }

    public static TestPki create(Path dir) {
        return new TestPki(dir);
    }

    /** A client certificate issued by the client CA (or {@code issuer}) valid for {@code days} (negative: expired). */
    public Identity client(String name, String issuer, int days) {
        return leaf(name, issuer, "CN=" + name + ",O=OTA Test", days, "extendedKeyUsage=clientAuth\n");
    }

    public Identity client(String name) {
        return client(name, "client-ca", 30);
    }

    private void ca(String name, String cn) {
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".pem").toString(),
                "-subj", "/CN=" + cn, "-days", "30"));
    }

    private Identity leaf(String name, String issuer, String subject, int days, String extensions) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Path p12 = dir.resolve(name + ".p12");
        try {
            Files.writeString(ext, extensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // openssl's -subj lists the RDNs from the root down; RFC 2253 (and our configuration) from the leaf up
        List<String> rdns = new ArrayList<>(List.of(subject.split(",")));
        java.util.Collections.reverse(rdns);
        String subj = "/" + String.join("/", rdns);
        run(List.of("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", subj));
        // "-days -1" gives a certificate whose validity ended a day ago: an expired client
        run(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", dir.resolve(issuer + ".pem").toString(),
                "-CAkey", dir.resolve(issuer + ".key").toString(), "-CAcreateserial", "-days", Integer.toString(days),
                "-extfile", ext.toString(), "-out", cert.toString()));
        run(List.of("openssl", "pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-certfile",
                dir.resolve(issuer + ".pem").toString(), "-name", name, "-out", p12.toString(), "-passout",
                "pass:" + P12_PASSWORD));
        String fingerprint = TlsContexts.sha256Hex(der(cert));
        return new Identity(name, cert, key, p12, fingerprint);
    }

    private static byte[] der(Path pem) {
        try {
            return TlsContexts.certificates(pem).get(0).getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> cmd) {
        Processes.Result r = Processes.run(new ArrayList<>(cmd));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("openssl failed: " + cmd + "\n" + r.output());
        }
    }

    public Path dir() {
        return dir;
    }
}
