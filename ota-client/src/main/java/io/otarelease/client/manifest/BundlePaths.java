package io.otarelease.client.manifest;

import io.otarelease.client.bytes.Bytes;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Comparator;
import java.util.Locale;

/**
 * The rules a path inside a bundle must keep, shared by whoever writes a manifest and whoever reads one,
 * so that a path the builder accepts is exactly a path a device accepts.
 */
public final class BundlePaths {
    /** Orders paths by their UTF-8 bytes, unsigned, as DESIGN.md fixes for {@code files}. */
    public static final Comparator<String> UTF8_ORDER = (a, b) ->
            Bytes.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private BundlePaths() {
    }

    /** Returns why {@code path} is not an acceptable bundle path, or null when it is. */
    public static String problem(String path) {
        if (path.isEmpty()) {
            return "empty path";
        }
        if (path.startsWith("/")) {
            return "absolute path";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control character in path";
            }
            if (c == '\\') {
                // sha256sum escapes such names, and Windows reads it as a separator
                return "backslash in path";
            }
        }
        if (path.length() >= 2 && path.charAt(1) == ':') {
            return "drive-letter path";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return "empty path segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "'" + segment + "' segment in path";
            }
        }
        if (!Normalizer.isNormalized(path, Normalizer.Form.NFC)) {
            return "path is not in Unicode NFC form";
        }
        return null;
    }

    /** The key under which two paths collide on case-insensitive file systems (iOS, macOS, Windows). */
    public static String caseFoldKey(String path) {
        return path.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** Files the manifest never lists: the manifest and its signature themselves. */
    public static boolean isReserved(String path) {
        return path.equals("manifest.json") || path.equals("manifest.sig");
    }

    /**
     * Cordova's platform files: {@code cordova.js}, {@code cordova_plugins.js} and {@code plugins/**} at the bundle
     * root. They belong to the native binary, which always serves them from the app package, so a bundle never
     * carries them: builders leave them out, the gate does not scan them, and a verifier ignores them when present
     * (a prepared platform {@code www} holds them beside the app's files).
     */
    public static boolean isPlatformFile(String path) {
        return path.equals("cordova.js") || path.equals("cordova_plugins.js") || path.startsWith("plugins/");
    }

    /** Source maps never ship: they are not listed, and the gate refuses a bundle holding one. */
    public static boolean isSourceMap(String path) {
        return path.endsWith(".map");
    }
}
