package io.otarelease.core.gate;

import io.otarelease.core.OtaException;
import io.otarelease.core.bundle.BundleScanner;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a bundle as the gates see them: every file a manifest would list, plus the source maps the
 * scanner leaves out (they are in the directory, so the gates must see them). Cordova's platform files are not
 * among them: the native app serves its own copies, never the bundle's. Text is decoded once and shared.
 */
final class BundleContent {
    /** Files larger than this are not read as text: no bundle file that a gate must parse is this big. */
    static final long MAX_TEXT_BYTES = 64L * 1024 * 1024;

    record File(String path, Path file, long size) {
    }

    private final Path dir;
    private final List<File> files;
    private final List<String> sourceMapFiles;
    private final List<String> platformFiles;
    private final Map<String, String> text = new HashMap<>();

    private BundleContent(Path dir, List<File> files, List<String> sourceMapFiles, List<String> platformFiles) {
        this.dir = dir;
        this.files = files;
        this.sourceMapFiles = sourceMapFiles;
        this.platformFiles = platformFiles;
    }

    static BundleContent read(Path dir) {
        BundleScanner.Scan scan = BundleScanner.scan(dir);
        List<File> files = new ArrayList<>();
        for (BundleScanner.Entry e : scan.entries()) {
            files.add(new File(e.path(), e.file(), e.size()));
        }
        for (String map : scan.skippedSourceMaps()) {
            Path p = dir.resolve(map);
            try {
                files.add(new File(map, p, Files.size(p)));
            } catch (IOException e) {
                throw new OtaException.BadInput(map + ": cannot be read (" + IoErrors.reason(e) + ")", e);
            }
        }
        return new BundleContent(dir, List.copyOf(files), scan.skippedSourceMaps(), scan.skippedPlatformFiles());
    }

    Path dir() {
        return dir;
    }

    List<File> files() {
        return files;
    }

    List<String> sourceMapFiles() {
        return sourceMapFiles;
    }

    /** Cordova's platform files found in the directory and left unscanned. */
    List<String> platformFiles() {
        return platformFiles;
    }

    static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    /**
     * The file as text: UTF-16 when it starts with a byte-order mark (or has the zero high bytes of ASCII in
     * UTF-16), otherwise UTF-8 (malformed bytes replaced); null for a binary file (a NUL byte near the start).
     */
    String text(File f) {
        return text.computeIfAbsent(f.path(), k -> decode(f));
    }

    /** Every byte of the file as one character (ISO-8859-1), so text rules still see ASCII inside a binary file. */
    String bytesAsText(File f) {
        return f.size() > MAX_TEXT_BYTES ? null : new String(read(f), StandardCharsets.ISO_8859_1);
    }

    private static String decode(File f) {
        if (f.size() > MAX_TEXT_BYTES) {
            return null;
        }
        byte[] bytes = read(f);
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        int probe = Math.min(bytes.length, 8192);
        int[] zeros = new int[2];
        for (int i = 0; i < probe; i++) {
            if (bytes[i] == 0) {
                zeros[i % 2]++;
            }
        }
        if (zeros[0] + zeros[1] == 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        // ASCII in UTF-16 without a byte-order mark: every other byte is zero, the others never are
        int half = probe / 2;
        if (half >= 8 && zeros[1] >= half * 9 / 10 && zeros[0] == 0) {
            return new String(bytes, StandardCharsets.UTF_16LE);
        }
        if (half >= 8 && zeros[0] >= half * 9 / 10 && zeros[1] == 0) {
            return new String(bytes, StandardCharsets.UTF_16BE);
        }
        return null; // images, fonts, wasm: not text
    }

    private static byte[] read(File f) {
        try (InputStream in = Files.newInputStream(f.file(), LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes((int) MAX_TEXT_BYTES + 1);
        } catch (IOException e) {
            throw new OtaException.BadInput(f.path() + ": cannot be read (" + IoErrors.reason(e) + ")", e);
        }
    }

    /** 1-based line and column of a character offset in {@code text}. */
    static int[] lineColumn(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
            line++;
            lineStart = i + 1;
        }
        return new int[] {line, offset - lineStart + 1};
    }
}
