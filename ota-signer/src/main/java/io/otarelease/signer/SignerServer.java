package io.otarelease.signer;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.internal.IoErrors;
import io.otarelease.core.internal.TlsContexts;
import io.otarelease.core.sign.Pkcs11Signer;
import io.otarelease.core.sign.Signer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HSM signing server: HTTPS with a required client certificate (mutual TLS), TLS 1.2 and 1.3 only, keys in
 * a PKCS#11 token that never leave it. Built on the JDK's own HTTPS server: it needs no dependency, its TLS is
 * the JDK's (the same stack the clients use), and a signing server needs no routing or streaming beyond it.
 *
 * <p>Who may use which key, and which certificates are revoked, is reloaded from the configuration file when it
 * changes (polled) or on {@link #reload()} (SIGHUP in {@link SignerMain}), without a restart. Keys, TLS and the
 * audit file are fixed for the life of the process.
 */
public final class SignerServer implements AutoCloseable {
    static {
        // Bounds for slow or idle clients; the JDK server reads these once, when its first instance is made.
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxRspTime", "30");
        setIfAbsent("sun.net.httpserver.idleInterval", "60");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "64");
        // The JDK server writes headers and body separately: with Nagle's algorithm on, every answer waits for the
        // client's delayed ACK (about 40 ms), which caps one client at ~20 signatures per second.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private final ServerConfig initial;
    private final HttpsServer http;
    private final ExecutorService workers;
    private final ScheduledExecutorService watcher;
    private final AuditLog audit;
    private final Map<String, Signer> keys;
    private final Consumer<String> log;
    private volatile AccessPolicy policy;
    private volatile RateLimiter limiter;
    private volatile byte[] configHash;

    private SignerServer(ServerConfig config, HttpsServer http, ExecutorService workers, AuditLog audit,
                         Map<String, Signer> keys, Consumer<String> log) {
        this.initial = config;
        this.http = http;
        this.workers = workers;
        this.audit = audit;
        this.keys = keys;
        this.log = log;
        this.policy = config.policy();
        this.limiter = limiter(config);
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ota-signer-config-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the keys in the token, the audit log and the TLS identity, then listens.
     *
     * @param env where the PIN and key store password variables are read (the CLI passes System.getenv())
     */
    public static SignerServer start(ServerConfig config, Map<String, String> env, Clock clock, Consumer<String> log) {
        Map<String, Signer> keys = new LinkedHashMap<>();
        Secret pin = config.token().pin().read(env);
        try {
            for (ServerConfig.KeyEntry k : config.keys()) {
                keys.put(k.keyId(), Pkcs11Signer.open(config.token().config(), k.label(), k.keyId(), k.algorithm(),
                        pin));
            }
        } finally {
            pin.destroy();
        }
        Secret password = config.tls().keyStorePassword().read(env);
        SSLContext tls;
        try {
            tls = TlsContexts.context(TlsContexts.identity(config.tls().keyStore(), password),
                    TlsContexts.trustOnly(config.tls().clientCa()));
        } finally {
            password.destroy();
        }
        AuditLog audit;
        try {
            audit = AuditLog.open(config.auditFile());
        } catch (IOException e) {
            throw new OtaException.BadInput(config.file() + ": audit.file: cannot open " + config.auditFile() + ": "
                    + IoErrors.reason(e));
        }
        HttpsServer http;
        try {
            http = HttpsServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        } catch (IOException e) {
            closeQuietly(audit);
            throw new OtaException.Infrastructure("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + IoErrors.reason(e), e);
        }
        http.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(TlsContexts.PROTOCOLS.toArray(String[]::new));
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        ExecutorService workers = Executors.newFixedThreadPool(config.limits().threads(), r -> {
            Thread t = new Thread(r, "ota-signer-worker");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        SignerServer server = new SignerServer(config, http, workers, audit, keys, log);
        server.configHash = hash(config.file());
        http.createContext("/", new SigningApi(keys, () -> server.policy, () -> server.limiter, audit, clock, log));
        http.start();
        long interval = config.reloadInterval().toMillis();
        if (interval > 0) {
            server.watcher.scheduleWithFixedDelay(server::reloadIfChanged, interval, interval, TimeUnit.MILLISECONDS);
        }
        log.accept("listening on " + server.url() + " with " + keys.size() + " key(s) " + keys.keySet()
                + ", audit log " + config.auditFile());
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public URI url() {
        String host = initial.host().contains(":") ? "[" + initial.host() + "]" : initial.host();
        return URI.create("https://" + host + ":" + port());
    }

    /**
     * Re-reads the configuration file and swaps in its clients, key permissions, revocations and rate limits.
     * A configuration that does not parse, or that changes the keys, leaves the running policy as it was.
     *
     * @return true when the new policy is in force
     */
    public synchronized boolean reload() {
        byte[] newHash = hash(initial.file());
        ServerConfig next;
        try {
            next = ServerConfig.load(initial.file());
        } catch (OtaException e) {
            configHash = newHash; // do not report the same broken file every poll
            log.accept("reload refused, the previous configuration stays in force: " + e.getMessage());
            return false;
        }
        configHash = newHash;
        if (!next.sameKeys(initial)) {
            log.accept("reload refused: keys (keyId, label, algorithm) changed; restart the server to change keys");
            return false;
        }
        policy = next.policy();
        if (!next.limits().equals(initial.limits())) {
            limiter = limiter(next);
        }
        log.accept("configuration reloaded: " + next.policy().revokedCount() + " revoked certificate(s)");
        return true;
    }

    private void reloadIfChanged() {
        try {
            if (!Arrays.equals(hash(initial.file()), configHash)) {
                reload();
            }
        } catch (RuntimeException e) {
            log.accept("configuration watch failed: " + e);
        }
    }

    /** Reloads on SIGHUP, the Unix convention for "re-read your configuration". False where there is no SIGHUP. */
    public boolean reloadOnSighup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> reload());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        http.stop(0);
        workers.shutdownNow();
        closeQuietly(audit);
        keys.values().forEach(Signer::close);
    }

    private static RateLimiter limiter(ServerConfig c) {
        return new RateLimiter(c.limits().requestsPerSecond(), c.limits().burst(), System::nanoTime);
    }

    private static byte[] hash(java.nio.file.Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return new byte[0];
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(AuditLog audit) {
        try {
            audit.close();
        } catch (IOException e) {
            // closing after a failure: nothing left to protect
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
