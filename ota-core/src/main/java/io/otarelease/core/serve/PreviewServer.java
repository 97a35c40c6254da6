package io.otarelease.core.serve;

import io.otarelease.client.layout.Names;
import com.sun.net.httpserver.HttpExchange;
import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.BundlePaths;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.release.StoredRelease;
import io.otarelease.core.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ota serve --preview}: one verified release served as the app's web view would load it, for a desktop
 * browser. The release is a version, or what a channel serves (its signed pointer's {@code current}); its manifest
 * is verified with the trusted keys and every file is checked against the manifest's SHA-256 as it is served. Files
 * are answered by their manifest paths with their content types ({@code /} is {@code index.html}); Cordova's
 * platform files ({@code cordova.js}, {@code cordova_plugins.js}, {@code plugins/}) come from the given platform
 * folder (the app's {@code platforms/android/platform_www}), never from the release, as on a device; without one they
 * are 404 and the page runs as in a plain browser. GET and HEAD, {@code no-store}.
 */
public final class PreviewServer implements AutoCloseable {
    private static final Map<String, String> TYPES = types();

    private final Store store;
    private final StoreLayout layout;
    private final StoredRelease release;
    private final Map<String, ManifestFile> files = new HashMap<>();
    private final Path platformWww;
    private final Listener listener;

    private PreviewServer(Store store, StoreLayout layout, StoredRelease release, Path platformWww,
                          Listener listener) {
        this.store = store;
        this.layout = layout;
        this.release = release;
        this.platformWww = platformWww == null ? null : platformWww.toAbsolutePath().normalize();
        this.listener = listener;
        release.manifest().files().forEach(f -> files.put(f.path(), f));
    }

    /**
     * @param ref {@code <appId>/<version>} or {@code <appId>/<channel>}
     * @param platformWww Cordova's platform files (null: none, as in a plain browser)
     */
    public static PreviewServer start(Store store, String ref, TrustedKeys trusted, Path platformWww,
                                      InetAddress bind, int port) {
        int slash = ref.indexOf('/');
        if (slash < 1 || slash == ref.length() - 1 || ref.indexOf('/', slash + 1) >= 0) {
            throw new OtaException.BadInput("--preview \"" + ref + "\" must be <appId>/<version> or <appId>/<channel>, "
                    + "e.g. com.example.shop/1.4.0 or com.example.shop/production");
        }
        if (platformWww != null && !Files.isDirectory(platformWww)) {
            throw new OtaException.BadInput("--platform-www " + platformWww + " is not a folder (give the app's "
                    + "platforms/android/platform_www, which holds cordova.js and plugins/)");
        }
        String appId = ref.substring(0, slash);
        String versionOrChannel = ref.substring(slash + 1);
        StoreLayout layout = new StoreLayout(appId);
        String version = Names.VERSION.matcher(versionOrChannel).matches() ? versionOrChannel
                : channelVersion(store, layout, appId, versionOrChannel, trusted);
        StoredRelease release = StoredRelease.read(store, layout, version, trusted);
        Listener listener = Listener.bind("ota-preview", bind, port, 64, 4);
        PreviewServer s = new PreviewServer(store, layout, release, platformWww, listener);
        listener.http().createContext("/", s::handle);
        listener.start();
        return s;
    }

    /** The version the channel's verified pointer serves as {@code current}. */
    private static String channelVersion(Store store, StoreLayout layout, String appId, String channel,
                                         TrustedKeys trusted) {
        byte[] json = store.get(layout.channel(channel)).orElseThrow(() -> new OtaException.BadInput("channel "
                + channel + " of " + appId + " is not in " + store.url() + " (no " + layout.channel(channel)
                + "); give a version or a channel that has a pointer")).bytes();
        byte[] sig = store.get(layout.channelSignature(channel)).orElseThrow(() -> new OtaException.CheckFailed(
                store.url() + layout.channelSignature(channel) + " is missing")).bytes();
        try {
            ChannelPointer p = new ChannelVerifier(trusted, Clock.systemUTC(), appId, channel, 0).verify(json, sig);
            return p.current().version();
        } catch (VerificationException e) {
            throw new OtaException.CheckFailed(store.url() + layout.channel(channel) + ": " + e.getMessage(), e);
        }
    }

    public String version() {
        return release.manifest().version();
    }

    public URI url() {
        return listener.url();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (!head && !ex.getRequestMethod().equals("GET")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, null, new byte[0], false);
                return;
            }
            String raw = ex.getRequestURI().getRawPath();
            String path = URLDecoder.decode(raw.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (path.isEmpty() || path.endsWith("/")) {
                path += "index.html";
            }
            byte[] body;
            try {
                body = BundlePaths.isPlatformFile(path) ? platformFile(path) : releaseFile(path);
            } catch (OtaException | java.io.UncheckedIOException e) {
                send(ex, 502, "text/plain; charset=utf-8", String.valueOf(e.getMessage())
                        .getBytes(StandardCharsets.UTF_8), head);
                return;
            }
            if (body == null) {
                // browsers ask for a favicon on their own: no content rather than an error in the console
                send(ex, path.equals("favicon.ico") ? 204 : 404, null, new byte[0], false);
                return;
            }
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff"); // the type is the file's, not a guess
            send(ex, 200, contentType(path), body, head);
        }
    }

    /** A file of the release, checked against its manifest hash (the store may have been damaged since). */
    private byte[] releaseFile(String path) {
        if (path.equals("manifest.json")) {
            return release.manifestBytes(); // a device's bundle folder holds it too (the page may read its version)
        }
        ManifestFile f = files.get(path);
        if (f == null) {
            return null;
        }
        byte[] b = store.get(layout.blob(f.sha256())).map(o -> o.bytes()).orElse(null);
        if (b == null || !sha256(b).equals(f.sha256())) {
            throw new OtaException.CheckFailed(store.url() + layout.blob(f.sha256()) + " (" + path + ") is missing or "
                    + "does not match the manifest of " + version());
        }
        return b;
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] platformFile(String path) throws IOException {
        if (platformWww == null) {
            return null;
        }
        Path f = platformWww.resolve(path).normalize();
        return f.startsWith(platformWww) && Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean head) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        if (head || body.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static Map<String, String> types() {
        Map<String, String> m = new HashMap<>();
        m.put("html", "text/html; charset=utf-8");
        m.put("htm", "text/html; charset=utf-8");
        m.put("js", "text/javascript; charset=utf-8");
        m.put("mjs", "text/javascript; charset=utf-8");
        m.put("css", "text/css; charset=utf-8");
        m.put("json", "application/json");
        m.put("map", "application/json");
        m.put("webmanifest", "application/manifest+json");
        m.put("txt", "text/plain; charset=utf-8");
        m.put("xml", "application/xml");
        m.put("svg", "image/svg+xml");
        m.put("png", "image/png");
        m.put("jpg", "image/jpeg");
        m.put("jpeg", "image/jpeg");
        m.put("gif", "image/gif");
        m.put("webp", "image/webp");
        m.put("avif", "image/avif");
        m.put("ico", "image/x-icon");
        m.put("woff", "font/woff");
        m.put("woff2", "font/woff2");
        m.put("ttf", "font/ttf");
        m.put("otf", "font/otf");
        m.put("wasm", "application/wasm");
        m.put("mp3", "audio/mpeg");
        m.put("mp4", "video/mp4");
        m.put("webm", "video/webm");
        return m;
    }

    @Override
    public void close() {
        listener.close();
    }
}
