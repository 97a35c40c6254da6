package io.otarelease.signer;

import io.otarelease.core.serve.RateLimiter;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.io.IoErrors;
import io.otarelease.core.sign.Pkcs11Signer;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.tls.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The HSM signing server: HTTPS with a required client certificate (mutual TLS), TLS 1.2 and 1.3 only, keys in
 * a PKCS#11 token that never leave it. Built on Jetty's core server, whose TLS handshakes and idle connections hold
 * no thread: a peer that connects and stays silent, or dribbles a handshake, cannot starve the clients
 * (docs/signing-server.md has the comparison with the JDK's HttpsServer). {@link PeerGuard} bounds what a peer may
 * do before it is a client; {@link SigningApi} what a client may do.
 *
 * <p>Who may use which key, and which certificates are revoked, is reloaded from the configuration file when it
 * changes (polled) or on {@link #reload()} (SIGHUP in {@link SignerMain}), without a restart. Keys, TLS, the audit
 * file and the connection limits are fixed for the life of the process.
 */
public final class SignerServer implements AutoCloseable {
    private final ServerConfig initial;
    private final Server jetty;
    private final ServerConnector connector;
    private final ScheduledExecutorService watcher;
    private final SigningAuditLog audit;
    private final Map<String, Signer> keys;
    private final Consumer<String> log;
    private volatile AccessPolicy policy;
    private volatile RateLimiter limiter;
    private volatile byte[] configHash;

    private SignerServer(ServerConfig config, Server jetty, ServerConnector connector, SigningAuditLog audit,
                         Map<String, Signer> keys, Consumer<String> log) {
        this.initial = config;
        this.jetty = jetty;
        this.connector = connector;
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
        SigningAuditLog audit;
        try {
            audit = SigningAuditLog.open(config.auditFile());
        } catch (IOException e) {
            throw new OtaException.BadInput(config.file() + ": audit.file: cannot open " + config.auditFile() + ": "
                    + IoErrors.reason(e));
        }
        ServerConfig.Limits limits = config.limits();
        // request threads, plus Jetty's acceptor and selector and a little slack for its own housekeeping
        QueuedThreadPool threads = new QueuedThreadPool(limits.threads() + 4, 2);
        threads.setName("ota-signer");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler("ota-signer-timer", true);
        LimitedLog limitedLog = new LimitedLog(log, System::nanoTime);
        ServerConnector connector = new ServerConnector(jetty, null, timer, null, 1, 1,
                new SslConnectionFactory(sslFactory(tls), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(httpConfiguration()));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setAcceptQueueSize(128);
        connector.setIdleTimeout(TimeUnit.SECONDS.toMillis(limits.idleSeconds()));
        connector.addBean(new PeerGuard(limits, timer, limitedLog));
        jetty.addConnector(connector);
        jetty.setErrorHandler(new JsonErrors());
        jetty.setStopTimeout(0);
        SignerServer server = new SignerServer(config, jetty, connector, audit, keys, log);
        server.configHash = hash(config.file());
        jetty.setHandler(new SigningApi(keys, () -> server.policy, () -> server.limiter, audit, clock, log,
                limitedLog));
        try {
            jetty.start();
        } catch (Exception e) {
            server.close();
            throw new OtaException.Infrastructure("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + IoErrors.reason(e), e);
        }
        long interval = config.reloadInterval().toMillis();
        if (interval > 0) {
            server.watcher.scheduleWithFixedDelay(server::reloadIfChanged, interval, interval, TimeUnit.MILLISECONDS);
        }
        log.accept("listening on " + server.url() + " with " + keys.size() + " key(s) " + keys.keySet()
                + ", audit log " + config.auditFile());
        return server;
    }

    private static SslContextFactory.Server sslFactory(SSLContext tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls);
        ssl.setNeedClientAuth(true);
        ssl.setIncludeProtocols(TlsContexts.PROTOCOLS.toArray(String[]::new));
        return ssl;
    }

    private static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // a request body trickled in to hold a request thread is cut off (a sign request is a few hundred bytes)
        http.setMinRequestDataRate(256);
        // clients reach the server by address as often as by name; the certificate is checked by the client
        http.addCustomizer(new SecureRequestCustomizer(false));
        return http;
    }

    /**
     * What Jetty answers itself, before the API sees a request (a request line over 8 KiB, a malformed request):
     * the API's JSON refusal shape, and never a stack trace or a client-chosen text.
     */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            SigningApi.send(response, callback, code, SigningApi.error("bad_request", "the HTTP request was "
                    + "refused before it reached the API (status " + code + ")"));
        }
    }

    public int port() {
        return connector.getLocalPort();
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

    /**
     * Reloads on SIGHUP, the Unix convention for "re-read your configuration". False where the JVM cannot take it:
     * no SIGHUP on this system, the JVM keeps it (-Xrs), or the process started with SIGHUP ignored (as under
     * {@code nohup}), where the JVM leaves the signal ignored and never calls the handler.
     */
    public boolean reloadOnSighup() {
        sun.misc.Signal hup = new sun.misc.Signal("HUP");
        try {
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(hup, s -> reload());
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                sun.misc.Signal.handle(hup, sun.misc.SignalHandler.SIG_IGN);
                return false;
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        try {
            jetty.stop();
        } catch (Exception e) {
            log.accept("stopping the HTTPS server failed: " + e);
        }
        closeQuietly(audit);
        keys.values().forEach(Signer::close);
    }

    private static RateLimiter limiter(ServerConfig c) {
        return new RateLimiter(c.limits().requestsPerSecond(), c.limits().burst(), System::nanoTime,
                PeerGuard.MAX_RATE_LIMITED_KEYS);
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

    private static void closeQuietly(SigningAuditLog audit) {
        try {
            audit.close();
        } catch (IOException e) {
            // closing after a failure: nothing left to protect
        }
    }
}
