package io.otarelease.cordova;

import android.webkit.MimeTypeMap;
import android.webkit.WebResourceResponse;
import androidx.webkit.WebViewAssetLoader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Serves {@code https://localhost/<path>} for the web view: the bundle the plugin launched (a verified directory
 * in the app's private storage), and the platform files — {@code cordova.js}, {@code cordova_plugins.js},
 * {@code plugins/**} — always from the APK's {@code www/} assets: they belong to the native binary, so a bundle can
 * never replace them. With no downloaded bundle (the one built into the app runs) it answers null and
 * cordova-android serves the APK's assets as usual.
 */
final class BundlePathHandler implements WebViewAssetLoader.PathHandler {
    private final ApkAssets assets;
    private final Supplier<File> bundleDir;

    /** @param bundleDir the directory of the bundle being served, or null for the one built into the app */
    BundlePathHandler(ApkAssets assets, Supplier<File> bundleDir) {
        this.assets = assets;
        this.bundleDir = bundleDir;
    }

    static boolean isPlatformFile(String path) {
        return path.equals("cordova.js") || path.equals("cordova_plugins.js") || path.startsWith("plugins/");
    }

    @Override
    public WebResourceResponse handle(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.isEmpty()) {
            path = "index.html";
        }
        if (!safe(path)) {
            return notFound(path);
        }
        try {
            if (isPlatformFile(path)) {
                return response(path, assets.open("www/" + path));
            }
            File dir = bundleDir.get();
            if (dir == null) {
                return null;
            }
            File f = new File(dir, path);
            // a file the bundle lacks is missing, not taken from the built-in bundle: the two never mix
            return f.isFile() ? response(path, new FileInputStream(f)) : notFound(path);
        } catch (IOException e) {
            return notFound(path);
        }
    }

    /** Relative, without "." or ".." segments or backslashes: nothing outside the bundle or the www/ assets. */
    private static boolean safe(String path) {
        if (path.contains("\\") || path.contains("\0")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static WebResourceResponse response(String path, InputStream body) {
        return new WebResourceResponse(mimeType(path), null, body);
    }

    private static WebResourceResponse notFound(String path) {
        return new WebResourceResponse(mimeType(path), null, 404, "Not Found", Collections.<String, String>emptyMap(),
                new ByteArrayInputStream(new byte[0]));
    }

    static String mimeType(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".js") || lower.endsWith(".mjs")) {
            return "application/javascript"; // ES modules need it
        }
        if (lower.endsWith(".wasm")) {
            return "application/wasm";
        }
        int dot = lower.lastIndexOf('.');
        String type = dot < 0 ? null : MimeTypeMap.getSingleton().getMimeTypeFromExtension(lower.substring(dot + 1));
        return type != null ? type : lower.endsWith(".html") ? "text/html" : "application/octet-stream";
    }
}
