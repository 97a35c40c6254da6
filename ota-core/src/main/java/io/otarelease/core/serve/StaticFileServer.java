package io.otarelease.core.serve;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in CDN: serves the files under a directory (a file store's root, or a stale copy of it as an edge cache
 * that missed an invalidation) over HTTP on 127.0.0.1. For {@code ota demo} and tests; production files reach devices
 * through the team's CDN or {@link StoreServer}.
 */
public final class StaticFileServer implements AutoCloseable {
    private final HttpServer server;
    private volatile Path root;

    private StaticFileServer(HttpServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    public static StaticFileServer serve(Path root) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        StaticFileServer f = new StaticFileServer(s, root);
        s.createContext("/", ex -> {
            try (ex) {
                Path p = f.root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
                if (!p.startsWith(f.root) || !Files.isRegularFile(p)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] b = Files.readAllBytes(p);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
        });
        s.start();
        return f;
    }

    /** Serve another directory from now on. */
    public void root(Path r) {
        this.root = r;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
