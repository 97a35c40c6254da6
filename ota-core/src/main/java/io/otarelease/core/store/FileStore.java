package io.otarelease.core.store;

import io.otarelease.core.OtaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A store in a local directory ({@code file:///path}), the embedded default.
 *
 * <p>Every write goes to a temporary sibling, is flushed, then appears at once: {@code putIfAbsent} by a hard link
 * (which fails atomically when the name exists, unlike a rename), {@code putIfMatch} by a rename under an
 * exclusive lock on {@code <key>.lock} (a file lock for other processes, a JVM lock for other threads, since
 * a JVM may hold one file lock per file). The ETag is the SHA-256 of the content.
 */
public final class FileStore implements Store {
    private static final String TMP = ".tmp-";
    private final Path root;
    /** Process-wide: a JVM may hold only one lock on a file, whichever FileStore object asks. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    public FileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String url() {
        return "file://" + root + (root.getParent() == null ? "" : "/"); // the file system root already ends with /
    }

    Path path(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("bad store key \"" + key + "\"");
        }
        for (String seg : key.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.startsWith(TMP) || seg.endsWith(".lock")) {
                throw new IllegalArgumentException("bad store key \"" + key + "\"");
            }
        }
        return root.resolve(key);
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Path p = path(key);
        try {
            byte[] b = Files.readAllBytes(p);
            return Optional.of(new StoredObject(b, etag(b)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(Files.newInputStream(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public Optional<String> putIfAbsent(String key, Body body) {
        Path target = path(key);
        if (Files.exists(target)) {
            return Optional.empty();
        }
        Path tmp = null;
        try {
            tmp = writeTemp(target, body);
            try {
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                return Optional.empty();
            } catch (UnsupportedOperationException e) {
                // no hard links on this file system: fall back to a move that refuses an existing target
                Files.move(tmp, target);
                tmp = null;
            }
            return Optional.of(etag(Files.readAllBytes(target)));
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("write", key, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public String putIfMatch(String key, Body body, String etag) {
        Path target = path(key);
        ReentrantLock jvmLock = LOCKS.computeIfAbsent(target, k -> new ReentrantLock());
        jvmLock.lock();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock(); // released when the channel closes, after the rename
                assert lock.isValid();
                String now = Files.exists(target) ? etag(Files.readAllBytes(target)) : null;
                if (!java.util.Objects.equals(now, etag)) {
                    throw new StoreConflictException(url() + key + " changed while we worked (expected "
                            + (etag == null ? "no object" : "version " + etag) + ", found "
                            + (now == null ? "none" : "version " + now) + ")");
                }
                tmp = writeTemp(target, body);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                tmp = null;
                return etag(body.bytes());
            }
        } catch (IOException e) {
            throw failure("write", key, e);
        } finally {
            deleteQuietly(tmp);
            jvmLock.unlock();
        }
    }

    @Override
    public List<Entry> listEntries(String prefix) {
        Path start = root.resolve(prefix.isEmpty() ? "." : prefix).normalize();
        Path dir = prefix.isEmpty() || prefix.endsWith("/") ? start : start.getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                String name = p.getFileName().toString();
                if (key.startsWith(prefix) && !name.startsWith(TMP) && !name.endsWith(".lock")) {
                    try {
                        out.add(new Entry(key, Files.size(p), Files.getLastModifiedTime(p).toInstant()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new OtaException.Infrastructure("cannot list " + url() + prefix + ": " + e, e);
        }
        out.sort(java.util.Comparator.comparing(Entry::key));
        return out;
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    /** The body in a flushed temporary sibling of {@code target}; removed again when writing it fails. */
    private Path writeTemp(Path target, Body body) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), TMP, "");
        try {
            try (InputStream in = body.open();
                 OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            // a full disk must not stay full: every retry would leave another partial file behind
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Deletes temporary files under {@code prefix} last changed before {@code olderThan}: what a writer killed
     * mid-write left behind. A younger one may belong to a write in progress and is kept.
     */
    @Override
    public List<Entry> removeStaleTemporaries(String prefix, java.time.Instant olderThan, boolean dryRun) {
        Path dir = root.resolve(prefix.isEmpty() ? "." : prefix).normalize();
        if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<Entry> removed = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(f -> f.getFileName().toString().startsWith(TMP))::iterator) {
                var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
                if (attrs.isRegularFile() && attrs.lastModifiedTime().toInstant().isBefore(olderThan)
                        && (dryRun || Files.deleteIfExists(p))) {
                    removed.add(new Entry(root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"),
                            attrs.size(), attrs.lastModifiedTime().toInstant()));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new OtaException.Infrastructure("cannot clean temporary files under " + url() + prefix + ": " + e, e);
        }
        return removed;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a stray temporary file is harmless: it is named as such and never listed
            }
        }
    }

    static String etag(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OtaException failure(String verb, String key, IOException e) {
        return new OtaException.Infrastructure("cannot " + verb + " " + url() + key + ": " + e, e);
    }

    @Override
    public String toString() {
        return url();
    }
}
