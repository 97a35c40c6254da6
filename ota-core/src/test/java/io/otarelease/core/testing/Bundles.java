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
