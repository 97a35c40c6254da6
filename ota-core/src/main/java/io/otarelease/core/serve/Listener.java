package io.otarelease.core.serve;

import com.sun.net.httpserver.HttpServer;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where one of the ota servers listens ({@code ota serve}, {@code ota collector}, {@code ota serve --preview}): the
 * JDK HTTP server bound to an address, its daemon request threads, and its URL. Mount contexts on {@link #http()},
 * then {@link #start()}.
 */
public final class Listener implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService pool;

    private Listener(HttpServer http, ExecutorService pool) {
        this.http = http;
        this.pool = pool;
    }

    /**
     * @param threadName the request threads' name, as thread dumps show it
     * @param port 0 picks a free port
     */
    public static Listener bind(String threadName, InetAddress bind, int port, int backlog, int threads) {
        if (port < 0 || port > 65535) {
            throw new OtaException.BadInput("--port must be between 0 and 65535 but is " + port);
        }
        noDelay();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), backlog);
        } catch (IOException e) {
            throw new OtaException.Infrastructure("cannot listen on " + bind.getHostAddress() + ":" + port + ": "
                    + IoErrors.reason(e), e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        return new Listener(http, pool);
    }

    /**
     * The JDK server writes headers and body separately; without TCP_NODELAY each keep-alive request waits out the
     * client's delayed ACK (about 40 ms on Linux), which capped a local fleet at a few hundred requests a second.
     * The property is read once, when the first server starts.
     */
    private static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public HttpServer http() {
        return http;
    }

    public void start() {
        http.start();
    }

    /** The server root, e.g. {@code http://127.0.0.1:9400/}. */
    public URI url() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }
}
