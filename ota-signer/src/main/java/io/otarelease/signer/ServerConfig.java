package io.otarelease.signer;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.io.IoErrors;
import io.otarelease.core.sign.Pkcs11Signer.TokenConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The signing server's configuration, {@code signer.yaml}. Relative paths are resolved against the file's
 * directory. Secrets (token PIN, TLS key store password) are never values here, only the names of the
 * environment variables or files that hold them.
 *
 * <pre>
 * listen: 127.0.0.1:8443
 * tls: {keyStore: server.p12, keyStorePasswordEnv: OTA_SIGNER_TLS_PASSWORD, clientCa: client-ca.pem}
 * token: {pkcs11Config: softhsm.cfg, pinEnv: OTA_SIGNER_PIN}     # or library + slot / slotIndex, pinFile
 * keys:
 *   - {keyId: ota-2026-a, label: release-ec, algorithm: ECDSA_SHA_256, clients: [ci-runner, jenkins]}
 * clients:
 *   - {name: ci-runner, fingerprint: "9f86d0...(SHA-256 of the certificate)"}
 *   - {name: jenkins, subject: "CN=jenkins,O=Example"}
 * revoked: ["3a7bd3...(SHA-256 of a certificate that must no longer sign)"]
 * limits: {requestsPerSecond: 50, burst: 100, threads: 16, connectionsPerPeer: 64, handshakeSeconds: 5,
 *          idleSeconds: 30}
 * audit: {file: /var/log/ota-signer/audit.jsonl}
 * reload: {intervalSeconds: 2}
 * </pre>
 */
public record ServerConfig(Path file, String host, int port, TlsFiles tls, Token token, List<KeyEntry> keys,
                           AccessPolicy policy, Limits limits, Path auditFile, Duration reloadInterval) {

    /** Where a secret comes from: an environment variable or a file. */
    public record SecretSource(String env, Path file, String what) {
        public Secret read(Map<String, String> environment) {
            try {
                return file != null ? Secret.fromFile(file) : Secret.fromEnv(environment, env);
            } catch (OtaException.BadInput e) {
                throw new OtaException.BadInput("cannot read the " + what + ": " + e.getMessage());
            }
        }
    }

    public record TlsFiles(Path keyStore, SecretSource keyStorePassword, Path clientCa) {
    }

    public record Token(TokenConfig config, SecretSource pin) {
    }

    /** A key in the token, bound to one algorithm and the clients that may use it. */
    public record KeyEntry(String keyId, String label, Algorithm algorithm) {
    }

    /**
     * Per client certificate: {@code requestsPerSecond} and {@code burst} (a token bucket, checked before any other
     * work). Per peer address: at most {@code connectionsPerPeer} open connections, and new connections at the same
     * rate and burst. A TLS handshake must end within {@code handshakeSeconds}; a connection with nothing to do is
     * closed after {@code idleSeconds}. {@code threads} serve requests; idle connections hold none.
     */
    public record Limits(int requestsPerSecond, int burst, int threads, int connectionsPerPeer, int handshakeSeconds,
                         int idleSeconds) {
        static final Limits DEFAULT = new Limits(50, 100, 16, 64, 5, 30);
    }

    public static ServerConfig load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read signing server configuration " + file + ": " + IoErrors.reason(e));
        }
        return parse(bytes, file);
    }

    static ServerConfig parse(byte[] bytes, Path file) {
        String name = file.toString();
        Object doc;
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            doc = new Yaml(new SafeConstructor(options)).load(in);
        } catch (YAMLException | IOException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new OtaException.BadInput(name + ": not valid YAML: " + first);
        }
        if (!(doc instanceof Map<?, ?> root)) {
            throw new OtaException.BadInput(name + ": must be a YAML mapping (listen, tls, token, keys, clients, ...)");
        }
        Path dir = file.toAbsolutePath().getParent();
        YamlFields y = new YamlFields(root, name, "");
        y.allowOnly("listen", "tls", "token", "keys", "clients", "revoked", "limits", "audit", "reload");

        String listen = y.string("listen");
        int colon = listen.lastIndexOf(':');
        String host;
        int port;
        try {
            host = listen.substring(0, colon);
            port = Integer.parseInt(listen.substring(colon + 1));
            if (colon <= 0 || port < 0 || port > 65535) {
                throw new IllegalArgumentException();
            }
        } catch (RuntimeException e) {
            throw y.fail("listen", "must be HOST:PORT (e.g. 127.0.0.1:8443; port 0 picks a free port) but is \""
                    + listen + "\"");
        }

        YamlFields t = y.object("tls");
        t.allowOnly("keyStore", "keyStorePasswordEnv", "keyStorePasswordFile", "clientCa");
        TlsFiles tls = new TlsFiles(existing(dir, t, "keyStore"),
                secret(dir, t, "keyStorePasswordEnv", "keyStorePasswordFile", "TLS key store password"),
                existing(dir, t, "clientCa"));

        YamlFields k = y.object("token");
        k.allowOnly("pkcs11Config", "library", "slot", "slotIndex", "pinEnv", "pinFile");
        TokenConfig tokenConfig;
        if (k.has("pkcs11Config")) {
            tokenConfig = TokenConfig.ofFile(existing(dir, k, "pkcs11Config"));
        } else if (k.has("library")) {
            Long slot = k.has("slot") ? (long) k.integer("slot", 0, Integer.MAX_VALUE, 0) : null;
            Integer index = k.has("slotIndex") ? k.integer("slotIndex", 0, 1000, 0) : null;
            tokenConfig = TokenConfig.ofLibrary(existing(dir, k, "library"), slot, index);
        } else {
            throw k.fail("pkcs11Config", "or token.library is required");
        }
        Token token = new Token(tokenConfig, secret(dir, k, "pinEnv", "pinFile", "token PIN"));

        List<ClientEntry> clients = new ArrayList<>();
        Set<String> clientNames = new HashSet<>();
        for (YamlFields c : y.objects("clients")) {
            c.allowOnly("name", "fingerprint", "subject");
            String clientName = c.string("name");
            if (!clientNames.add(clientName)) {
                throw c.fail("name", "\"" + clientName + "\" appears twice");
            }
            if (c.has("fingerprint") == c.has("subject")) {
                throw c.fail("fingerprint", "or subject is required, not both");
            }
            try {
                clients.add(c.has("fingerprint")
                        ? ClientEntry.byFingerprint(clientName,
                                ClientIdentity.normalizeFingerprint(c.string("fingerprint")))
                        : ClientEntry.bySubject(clientName,
                                new javax.security.auth.x500.X500Principal(c.string("subject"))));
            } catch (IllegalArgumentException e) {
                throw c.fail(c.has("fingerprint") ? "fingerprint" : "subject", e.getMessage());
            }
        }

        List<KeyEntry> keys = new ArrayList<>();
        Map<String, Set<String>> keyClients = new java.util.LinkedHashMap<>();
        for (YamlFields e : y.objects("keys")) {
            e.allowOnly("keyId", "label", "algorithm", "clients");
            String keyId = e.string("keyId");
            if (keyClients.containsKey(keyId)) {
                throw e.fail("keyId", "\"" + keyId + "\" appears twice");
            }
            Algorithm algorithm;
            try {
                algorithm = Algorithm.parse(e.string("algorithm"));
            } catch (IllegalArgumentException ex) {
                throw e.fail("algorithm", ex.getMessage());
            }
            List<String> allowed = e.strings("clients");
            for (int i = 0; i < allowed.size(); i++) {
                if (!clientNames.contains(allowed.get(i))) {
                    throw e.fail("clients[" + i + "]", "names \"" + allowed.get(i) + "\", which is not in clients");
                }
            }
            keys.add(new KeyEntry(keyId, e.string("label"), algorithm));
            keyClients.put(keyId, Set.copyOf(allowed));
        }
        if (keys.isEmpty()) {
            throw y.fail("keys", "must list at least one key");
        }

        Set<String> revoked = new HashSet<>();
        List<String> revokedList = y.strings("revoked");
        for (int i = 0; i < revokedList.size(); i++) {
            try {
                revoked.add(ClientIdentity.normalizeFingerprint(revokedList.get(i)));
            } catch (IllegalArgumentException e) {
                throw y.fail("revoked[" + i + "]", e.getMessage());
            }
        }

        YamlFields l = y.optObject("limits");
        Limits limits = Limits.DEFAULT;
        if (l != null) {
            l.allowOnly("requestsPerSecond", "burst", "threads", "connectionsPerPeer", "handshakeSeconds",
                    "idleSeconds");
            Limits d = Limits.DEFAULT;
            limits = new Limits(l.integer("requestsPerSecond", 1, 100_000, d.requestsPerSecond()),
                    l.integer("burst", 1, 100_000, d.burst()), l.integer("threads", 1, 256, d.threads()),
                    l.integer("connectionsPerPeer", 1, 10_000, d.connectionsPerPeer()),
                    l.integer("handshakeSeconds", 1, 60, d.handshakeSeconds()),
                    l.integer("idleSeconds", 1, 3600, d.idleSeconds()));
        }

        YamlFields a = y.object("audit");
        a.allowOnly("file");
        Path auditFile = dir.resolve(a.string("file"));

        YamlFields r = y.optObject("reload");
        int interval = 2;
        if (r != null) {
            r.allowOnly("intervalSeconds");
            interval = r.integer("intervalSeconds", 0, 3600, 2);
        }
        return new ServerConfig(file, host, port, tls, token, List.copyOf(keys),
                new AccessPolicy(clients, keyClients, revoked), limits, auditFile, Duration.ofSeconds(interval));
    }

    private static Path existing(Path dir, YamlFields y, String key) {
        Path p = dir.resolve(y.string(key));
        if (!Files.isRegularFile(p)) {
            throw y.fail(key, "names " + p + ", which does not exist");
        }
        return p;
    }

    private static SecretSource secret(Path dir, YamlFields y, String envKey, String fileKey, String what) {
        if (y.has(envKey) == y.has(fileKey)) {
            throw y.fail(envKey, "or " + y.name(fileKey) + " is required (one of them) for the " + what);
        }
        return y.has(envKey) ? new SecretSource(y.string(envKey), null, what)
                : new SecretSource(null, existing(dir, y, fileKey), what);
    }

    /** The same keys (id, label, algorithm): a reload can change who may sign, not what the token holds. */
    boolean sameKeys(ServerConfig other) {
        return keys.equals(other.keys);
    }
}
