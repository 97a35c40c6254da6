package io.otarelease.cli.demo;

import io.otarelease.cli.Ota;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.sign.RemoteSigner;
import io.otarelease.core.tls.TlsContexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway signing server for {@code ota demo}: a fresh SoftHSM2 token with an EC key made by keytool, a CA
 * with server and client certificates made by openssl, and {@code ota signer serve} on 127.0.0.1 with a free
 * port, reached through the remote signer.
 *
 * <p>The server runs as a child process because SoftHSM2 reads {@code SOFTHSM2_CONF} from the environment when
 * the library loads, and a JVM cannot change its own environment: the child gets a configuration naming the demo's
 * token directory, and the user's own SoftHSM2 setup (if any) is never touched.
 */
final class DemoSigningServer implements AutoCloseable {
    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final Pattern LISTENING = Pattern.compile("listening on (https://\\S+)");

    private final Process process;
    private final URI url;
    private final Path config;
    private final Path auditLog;
    private final RemoteSigner signer;

    private DemoSigningServer(Process process, URI url, Path config, Path auditLog, RemoteSigner signer) {
        this.process = process;
        this.url = url;
        this.config = config;
        this.auditLog = auditLog;
        this.signer = signer;
    }

    /** What is missing for the HSM demo, or null when it can run. */
    static String missingParts() {
        if (!Files.isRegularFile(LIBRARY) || !onPath("softhsm2-util")) {
            return "SoftHSM2 is";
        }
        if (!onPath("openssl")) {
            return "openssl is";
        }
        return null;
    }

    static DemoSigningServer start(Path dir) {
        try {
            Files.createDirectories(dir.resolve("tokens"));
            String pin = randomSecret();
            String p12Password = randomSecret();
            Path softhsmConf = dir.resolve("softhsm2.conf");
            Files.writeString(softhsmConf, "directories.tokendir = " + dir.resolve("tokens") + "\n"
                    + "objectstore.backend = file\nlog.level = ERROR\n");
            Map<String, String> env = Map.of("SOFTHSM2_CONF", softhsmConf.toString());
            String init = run(dir, env, "softhsm2-util", "--init-token", "--free", "--label", "ota-demo", "--pin", pin,
                    "--so-pin", randomSecret());
            Matcher slot = Pattern.compile("slot (\\d+)").matcher(init);
            if (!slot.find()) {
                throw new OtaException.Infrastructure("softhsm2-util named no slot: " + init.strip());
            }
            Path tokenCfg = dir.resolve("token.cfg");
            Files.writeString(tokenCfg, "name = OtaDemo\nlibrary = " + LIBRARY + "\nslot = " + slot.group(1) + "\n");
            run(dir, env, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-keystore", "NONE", "-storetype", "PKCS11", "-providerClass", "sun.security.pkcs11.SunPKCS11",
                    "-providerArg", tokenCfg.toString(), "-storepass", pin, "-alias", "ota-demo", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=ota-demo", "-validity", "30");
            Files.writeString(dir.resolve("pin.txt"), pin + "\n");
            Files.writeString(dir.resolve("p12.pass"), p12Password + "\n");

            certificates(dir, env, p12Password);
            String clientFingerprint = TlsContexts.sha256Hex(TlsContexts.certificates(dir.resolve("client.pem")).get(0)
                    .getEncoded());
            Path config = dir.resolve("signer.yaml");
            Path audit = dir.resolve("audit.jsonl");
            Files.writeString(config, String.join("\n",
                    "listen: 127.0.0.1:0",
                    "tls: {keyStore: server.p12, keyStorePasswordFile: p12.pass, clientCa: ca.pem}",
                    "token: {pkcs11Config: token.cfg, pinFile: pin.txt}",
                    "keys:",
                    "  - {keyId: ota-demo-hsm, label: ota-demo, algorithm: ECDSA_SHA_256, clients: [demo]}",
                    "clients:",
                    "  - {name: demo, fingerprint: \"" + clientFingerprint + "\"}",
                    "audit: {file: audit.jsonl}",
                    "reload: {intervalSeconds: 0}", ""));

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Ota.class.getName(), "signer", "serve", "--config", config.toString())
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().put("SOFTHSM2_CONF", softhsmConf.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            URI url = awaitListening(p, dir.resolve("server.log"));
            try {
                Secret password = Secret.fromFile(dir.resolve("p12.pass"));
                RemoteSigner signer = RemoteSigner.open(RemoteSigner.Options.of(url,
                        TlsContexts.keyStore(dir.resolve("client.p12"), password), password,
                        TlsContexts.certificates(dir.resolve("ca.pem")), null), "ota-demo-hsm",
                        Algorithm.ECDSA_SHA_256);
                return new DemoSigningServer(p, url, config, audit, signer);
            } catch (RuntimeException e) {
                p.destroy();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new OtaException.Infrastructure("openssl made an unreadable client certificate: " + e.getMessage());
        }
    }

    /** A demo CA, a server certificate for 127.0.0.1 and a client certificate, as PEM and PKCS#12. */
    private static void certificates(Path dir, Map<String, String> env, String p12Password) throws IOException {
        run(dir, env, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=OTA Demo CA", "-days", "2");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String name : List.of("server", "client")) {
            run(dir, env, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/O=OTA Demo/CN=demo-" + name);
            run(dir, env, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
            run(dir, env, "openssl", "pkcs12", "-export", "-inkey", name + ".key", "-in", name + ".pem",
                    "-certfile", "ca.pem", "-name", name, "-out", name + ".p12", "-passout", "file:p12.pass");
        }
    }

    private static URI awaitListening(Process p, Path log) throws IOException {
        CompletableFuture<URI> listening = new CompletableFuture<>();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the server's output ended; the wait below reports why
            }
            listening.completeExceptionally(new IllegalStateException("the signing server exited: "
                    + String.join(" | ", lines)));
        }, "ota-demo-signer-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return listening.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new OtaException.Infrastructure("the signing server did not start: " + (e.getCause() != null
                    ? e.getCause().getMessage() : e.toString()));
        }
    }

    private static String run(Path dir, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new OtaException.Infrastructure(command[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException.Infrastructure("interrupted while running " + command[0]);
        }
        return out;
    }

    private static String randomSecret() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    URI url() {
        return url;
    }

    Path config() {
        return config;
    }

    Path auditLog() {
        return auditLog;
    }

    RemoteSigner signer() {
        return signer;
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the server's shutdown hook closes the token and the audit log
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
