package io.otarelease.client.device;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedBundle;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * A device's storage in one directory of the app's private storage:
 * <pre>
 * blobs/sha256/&lt;2 hex&gt;/&lt;64 hex&gt;   the content-addressed cache (shared by all bundles)
 * bundles/&lt;64 hex of bundleHash&gt;/     ready-to-load bundles, each verified whole before it is used
 * state.json                            {@link DeviceState}, replaced by an atomic rename
 * trust.json                            {@link TrustState} when the app follows a trust root, likewise
 * </pre>
 * A bundle is assembled in a temporary directory, verified with {@link BundleVerifier} (signature over the exact
 * manifest bytes, every file, nothing unlisted) and only then renamed into place, so the web view never loads a
 * half-written or unverified bundle.
 */
public final class FileDeviceStorage implements DeviceStorage {
    private final Path root;
    private final TrustedKeys trusted;

    /**
     * @param trusted the keys that verify manifests when {@link #prepare(Manifest, byte[], byte[])} is called
     *     without keys; may be null for an app that follows a trust root (the caller passes the release keys)
     */
    public FileDeviceStorage(Path root, TrustedKeys trusted) throws IOException {
        this.root = Files.createDirectories(root);
        this.trusted = trusted;
    }

    public Path blobPath(String sha256) {
        return root.resolve("blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256);
    }

    /** The directory the web view loads for a bundle (present once {@link #prepare} succeeded). */
    public Path bundleDir(String bundleHash) {
        return root.resolve("bundles/" + bundleHash.substring("sha256:".length()));
    }

    @Override
    public boolean hasBlob(String sha256) {
        return Files.isRegularFile(blobPath(sha256));
    }

    @Override
    public void putBlob(String sha256, byte[] content) throws IOException {
        writeAtomically(blobPath(sha256), content);
    }

    /** Streams the blob to a temporary file beside its place; {@code keep} syncs it and renames it into place. */
    @Override
    public BlobWrite writeBlob(String sha256) throws IOException {
        Path target = blobPath(sha256);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
        return new BlobWrite() {
            private boolean closed;

            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public void keep() throws IOException {
                out.flush();
                ch.force(true);
                closeFile();
                move(tmp, target);
            }

            @Override
            public void close() throws IOException {
                closeFile();
                Files.deleteIfExists(tmp);
            }

            private void closeFile() throws IOException {
                if (!closed) {
                    closed = true;
                    out.close();
                }
            }
        };
    }

    @Override
    public void prepare(Manifest manifest, byte[] manifestJson, byte[] manifestSig)
            throws VerificationException, IOException {
        if (trusted == null) {
            throw new IllegalStateException("this storage has no trusted keys: pass the release keys to prepare");
        }
        prepare(manifest, manifestJson, manifestSig, trusted);
    }

    @Override
    public void prepare(Manifest manifest, byte[] manifestJson, byte[] manifestSig, TrustedKeys releaseKeys)
            throws VerificationException, IOException {
        Path target = bundleDir(manifest.bundleHash());
        if (Files.isDirectory(target)) {
            check(new BundleVerifier(releaseKeys).verify(target), manifest); // never trust what is on disk unchecked
            return;
        }
        Path tmp = root.resolve("bundles/.tmp-" + UUID.randomUUID());
        try {
            for (ManifestFile f : manifest.files()) {
                Path p = tmp.resolve(f.path());
                Files.createDirectories(p.getParent());
                Files.copy(blobPath(f.sha256()), p);
            }
            Files.write(tmp.resolve(Manifest.FILE_NAME), manifestJson);
            Files.write(tmp.resolve("manifest.sig"), manifestSig);
            check(new BundleVerifier(releaseKeys).verify(tmp), manifest);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new VerificationException(VerificationException.Reason.FILE_MISSING,
                    "blob " + e.getFile() + " is missing from the cache");
        } finally {
            deleteTree(tmp);
        }
    }

    private static void check(VerifiedBundle b, Manifest expected) throws VerificationException {
        if (!b.manifest().bundleHash().equals(expected.bundleHash())) {
            throw new VerificationException(VerificationException.Reason.MISMATCH, "assembled bundle has bundleHash "
                    + b.manifest().bundleHash() + " where " + expected.bundleHash() + " was expected");
        }
    }

    @Override
    public DeviceState load() throws IOException {
        Path file = root.resolve("state.json");
        if (!Files.exists(file)) {
            return DeviceState.initial();
        }
        try {
            return DeviceState.parse(Files.readAllBytes(file), file.toString());
        } catch (JsonException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void save(DeviceState state) throws IOException {
        writeAtomically(root.resolve("state.json"), state.toJson());
    }

    @Override
    public TrustState loadTrust() throws IOException {
        Path file = root.resolve("trust.json");
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return TrustState.parse(Files.readAllBytes(file), file.toString());
        } catch (JsonException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void saveTrust(TrustState trust) throws IOException {
        writeAtomically(root.resolve("trust.json"), trust.toJson());
    }

    /** Temporary file, fsync, rename over the target: readers see the old or the new content, whole. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
