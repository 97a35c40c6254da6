package io.otarelease.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Small bundles written for tests. */
public final class Bundles {
    private Bundles() {
    }

    /** A Cordova-like bundle: index.html, js/, css/, a unicode name and an empty file. */
    public static Path sample(Path dir) {
        return write(dir, Map.of(
                "index.html", "<!DOCTYPE html><script src=\"js/app.js\"></script>",
                "js/app.js", "class App { #ready = false; async start() { this.#ready = true; } }\n",
                "css/app.css", "body { margin: 0 }\n",
                "img/caf\u00e9 \u2615.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                "empty.txt", ""));
    }

    /** The files of {@link #cordovaAndroidPrepared}, as the resource folder beside this class holds them. */
    public static final java.util.List<String> CORDOVA_ANDROID_FILES = java.util.List.of("cordova.js",
            "cordova_plugins.js", "css/index.css", "img/logo.png", "index.html", "js/index.js",
            "plugins/cordova-plugin-demo/www/demo.js");

    /**
     * A real prepared Cordova Android {@code www} ({@code platforms/android/app/src/main/assets/www}), copied as
     * made by {@code cordova create} (cordova 13.0.0), {@code cordova platform add android} (cordova-android
     * 15.1.0), {@code cordova plugin add} of a one-module demo plugin and {@code cordova prepare android}: the app's
     * files beside the platform's {@code cordova.js} (which holds an {@code eval}), {@code cordova_plugins.js}
     * and {@code plugins/}.
     */
    public static Path cordovaAndroidPrepared(Path dir) {
        try {
            for (String f : CORDOVA_ANDROID_FILES) {
                Path p = dir.resolve(f);
                Files.createDirectories(p.getParent());
                try (var in = Bundles.class.getResourceAsStream("cordova-android-www/" + f)) {
                    Files.copy(java.util.Objects.requireNonNull(in, f), p);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path dir, Map<String, String> files) {
        try {
            for (var e : files.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
