package io.otarelease.signer;

import io.otarelease.core.serve.RateLimiter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What a peer may do before it has proved who it is, on every TCP connection the server accepts: at most
 * {@code connectionsPerPeer} open connections per address, new connections per address through a token bucket,
 * and a TLS handshake that must end within {@code handshakeSeconds} however slowly the peer keeps sending.
 * Connections over a limit are closed at once, before any TLS or HTTP work. Refused handshakes (no certificate,
 * another CA, expired, too slow) go to the server log through {@link LimitedLog}, so a flood cannot fill a disk.
 */
final class PeerGuard implements Connection.Listener, SslHandshakeListener {
    private final int connectionsPerPeer;
    private final long handshakeMillis;
    private final RateLimiter newConnections;
    private final Scheduler scheduler;
    private final LimitedLog log;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    // the address as seen when the connection opened: a closed socket no longer knows its peer
    private final ConcurrentHashMap<Connection, String> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SSLEngine, Pending> handshakes = new ConcurrentHashMap<>();

    /**
     * Peers and client certificates rate-limited at once: hostile peers choose their keys (any certificate of the
     * client CA, any address they hold), so refilled buckets are dropped beyond this many.
     */
    static final int MAX_RATE_LIMITED_KEYS = 10_000;

    private record Pending(String peer, Scheduler.Task deadline) {
    }

    PeerGuard(ServerConfig.Limits limits, Scheduler scheduler, LimitedLog log) {
        this.connectionsPerPeer = limits.connectionsPerPeer();
        this.handshakeMillis = TimeUnit.SECONDS.toMillis(limits.handshakeSeconds());
        this.newConnections = new RateLimiter(limits.requestsPerSecond(), limits.burst(), System::nanoTime,
                MAX_RATE_LIMITED_KEYS);
        this.scheduler = scheduler;
        this.log = log;
    }

    @Override
    public void onOpened(Connection connection) {
        // the HTTP connection inside the TLS one is told too; the TLS connection is the TCP connection
        if (!(connection instanceof SslConnection tls)) {
            return;
        }
        String peer = peer(connection.getEndPoint().getRemoteSocketAddress());
        peers.put(connection, peer);
        int count = open.merge(peer, 1, Integer::sum);
        if (count > connectionsPerPeer) {
            log.accept("connection refused: " + peer + " holds " + (count - 1) + " connections (limits"
                    + ".connectionsPerPeer " + connectionsPerPeer + ")");
            connection.getEndPoint().close();
            return;
        }
        if (newConnections.acquire(peer) > 0) {
            log.accept("connection refused: " + peer + " opens connections too fast (limits.requestsPerSecond/burst)");
            connection.getEndPoint().close();
            return;
        }
        SSLEngine engine = tls.getSSLEngine();
        Scheduler.Task deadline = scheduler.schedule(() -> {
            if (handshakes.remove(engine) != null) {
                log.accept("TLS handshake refused: " + peer + " did not finish it within limits.handshakeSeconds ("
                        + TimeUnit.MILLISECONDS.toSeconds(handshakeMillis) + " s)");
                connection.getEndPoint().close();
            }
        }, handshakeMillis, TimeUnit.MILLISECONDS);
        handshakes.put(engine, new Pending(peer, deadline));
    }

    @Override
    public void onClosed(Connection connection) {
        if (!(connection instanceof SslConnection tls)) {
            return;
        }
        Pending p = handshakes.remove(tls.getSSLEngine());
        if (p != null) {
            p.deadline().cancel();
        }
        String peer = peers.remove(connection);
        if (peer != null) {
            open.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    @Override
    public void handshakeSucceeded(Event event) {
        Pending p = handshakes.remove(event.getSSLEngine());
        if (p != null) {
            p.deadline().cancel();
        }
    }

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
        Pending p = handshakes.remove(event.getSSLEngine());
        if (p != null) {
            p.deadline().cancel();
        }
        String peer = p != null ? p.peer() : String.valueOf(event.getSSLEngine().getPeerHost());
        log.accept("TLS handshake refused: " + peer + ": " + reason(failure));
    }

    /** The innermost message, which names the certificate problem (empty chain, unknown issuer, expired). */
    private static String reason(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage());
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    private static String peer(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
