package io.otarelease.core.bundle;

import io.otarelease.client.manifest.BundlePaths;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists the files of a bundle directory and refuses, naming the path, anything a device must never receive:
 * links of any kind (a symlink can point outside the bundle), non-regular files, unsafe or non-NFC names, names
 * that collide by letter case, and an empty bundle. {@code manifest.json}, {@code manifest.sig}, source maps and
 * Cordova's platform files ({@link BundlePaths#isPlatformFile}: the app package serves them) are not listed.
 */
public final class BundleScanner {
    /** A file to list, with its path in the bundle and its size when scanned. */
    public record Entry(String path, Path file, long size) {
    }

    /** What a scan found: the files to list, and the source maps and platform files left out. */
    public record Scan(List<Entry> entries, List<String> skippedSourceMaps, List<String> skippedPlatformFiles) {
    }

    private BundleScanner() {
    }

    public static Scan scan(Path dir) {
        return scan(dir, e -> { });
    }

    /**
     * A scan that hands each file to {@code found} as soon as it passed its checks, so hashing can start while the
     * rest of the tree is read. The scan may still refuse the bundle afterwards (a later file, a collision, no files).
     */
    public static Scan scan(Path dir, Consumer<Entry> found) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new OtaException.BadInput("bundle directory " + dir + " does not exist");
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new OtaException.BadInput(dir + " is not a directory");
        }
        List<Entry> entries = new ArrayList<>();
        List<String> maps = new ArrayList<>();
        List<String> platformFiles = new ArrayList<>();
        Map<String, String> folded = new HashMap<>();
        // the bundle path of the directory being visited, "" or ending in '/': built name by name, which is much
        // cheaper than relativizing every file's path against the root
        Deque<String> prefixes = new ArrayDeque<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (prefixes.isEmpty()) {
                        prefixes.push("");
                    } else {
                        prefixes.push(check(prefixes.peek() + d.getFileName(), d, folded, true) + "/");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    prefixes.pop();
                    return super.postVisitDirectory(d, e);
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = check(prefixes.peek() + file.getFileName(), file, folded, false);
                    if (attrs.isSymbolicLink()) {
                        throw new OtaException.BadInput(rel + ": symbolic links are refused in a bundle");
                    }
                    if (!attrs.isRegularFile()) {
                        throw new OtaException.BadInput(rel + ": not a regular file");
                    }
                    if (BundlePaths.isReserved(rel)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (BundlePaths.isPlatformFile(rel)) {
                        platformFiles.add(rel);
                        return FileVisitResult.CONTINUE;
                    }
                    if (BundlePaths.isSourceMap(rel)) {
                        maps.add(rel);
                        return FileVisitResult.CONTINUE;
                    }
                    Entry entry = new Entry(rel, file, attrs.size());
                    entries.add(entry);
                    found.accept(entry);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    throw new OtaException.BadInput(relative(dir, file) + ": cannot be read (" + e.getMessage() + ")");
                }
            });
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read bundle directory " + dir + ": " + IoErrors.reason(e), e);
        }
        if (entries.isEmpty()) {
            throw new OtaException.BadInput("bundle directory " + dir + " has no files to ship"
                    + (platformFiles.isEmpty() ? "" : " (Cordova's platform files are not shipped: the app serves them)"));
        }
        entries.sort((a, b) -> BundlePaths.UTF8_ORDER.compare(a.path(), b.path()));
        platformFiles.sort(BundlePaths.UTF8_ORDER);
        return new Scan(List.copyOf(entries), List.copyOf(maps), List.copyOf(platformFiles));
    }

    /**
     * The one line every tool prints when it left platform files out, naming them:
     * {@code cordova.js, cordova_plugins.js, plugins/ (12 files) left out of the manifest: ...}.
     */
    public static String platformFilesNote(List<String> files) {
        List<String> parts = new ArrayList<>();
        long plugins = files.stream().filter(f -> f.startsWith("plugins/")).count();
        files.stream().filter(f -> !f.startsWith("plugins/")).forEach(parts::add);
        if (plugins > 0) {
            parts.add("plugins/ (" + plugins + (plugins == 1 ? " file)" : " files)"));
        }
        return String.join(", ", parts) + " left out of the manifest: Cordova's platform files (cordova.js, "
                + "cordova_plugins.js, plugins/**) belong to the native app, which always serves them from its package";
    }

    private static String check(String rel, Path p, Map<String, String> folded, boolean directory) {
        String problem = BundlePaths.problem(rel);
        if (problem != null) {
            throw new OtaException.BadInput(printable(rel) + ": " + problem);
        }
        String other = folded.put(BundlePaths.caseFoldKey(rel), rel);
        if (other != null) {
            throw new OtaException.BadInput(rel + ": collides with " + other
                    + " on case-insensitive file systems (iOS, macOS)");
        }
        if (directory && Files.isSymbolicLink(p)) {
            throw new OtaException.BadInput(rel + ": symbolic links are refused in a bundle");
        }
        return rel;
    }

    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    /** A name with control characters shown escaped, so an error message cannot rewrite a terminal. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
