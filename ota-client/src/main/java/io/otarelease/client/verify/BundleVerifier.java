package io.otarelease.client.verify;

import io.otarelease.client.bytes.Bytes;
import io.otarelease.client.manifest.BundlePaths;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.Set;

/**
 * The checks a device makes before it applies a bundle directory, in this order: the signature over the exact
 * bytes of {@code manifest.json} (before the manifest is even parsed), the manifest's own consistency, then every
 * listed file (present, regular, same size, same SHA-256) and no unlisted file (Cordova's platform files aside: the
 * app package serves them, see {@link BundlePaths#isPlatformFile}). Links are never followed.
 */
public final class BundleVerifier {
    private final TrustedKeys trusted;

    public BundleVerifier(TrustedKeys trusted) {
        this.trusted = trusted;
    }

    public VerifiedBundle verify(Path dir) throws VerificationException, IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new VerificationException(Reason.FILE_MISSING, dir + " is not a directory");
        }
        byte[] manifestBytes = Limits.readBounded(dir.resolve(Manifest.FILE_NAME), Limits.MAX_MANIFEST_BYTES,
                Manifest.FILE_NAME);
        byte[] sigBytes = Limits.readBounded(dir.resolve("manifest.sig"), Limits.MAX_SIGNATURE_BYTES, "manifest.sig");
        VerifiedBundle verified = verifyManifest(manifestBytes, sigBytes);
        Manifest manifest = verified.manifest();
        checkFiles(dir, manifest);
        return verified;
    }

    /**
     * Checks a manifest fetched on its own (before any file is downloaded): the signature over its exact bytes
     * first, then its consistency. The files are checked one by one as they arrive, against the result.
     */
    public VerifiedBundle verifyManifest(byte[] manifestBytes, byte[] sigBytes) throws VerificationException {
        if (manifestBytes.length > Limits.MAX_MANIFEST_BYTES || sigBytes.length > Limits.MAX_SIGNATURE_BYTES) {
            throw new VerificationException(Reason.TOO_LARGE, Manifest.FILE_NAME + " or its signature is larger "
                    + "than the limit of " + Limits.MAX_MANIFEST_BYTES + " / " + Limits.MAX_SIGNATURE_BYTES + " bytes");
        }
        VerifiedDocument doc = VerifiedDocument.check(manifestBytes, sigBytes, trusted, Manifest.FILE_NAME,
                "manifest.sig");
        return new VerifiedBundle(doc.parse((bytes, name) -> Manifest.parse(bytes)), doc.envelope(), doc.key());
    }

    private static void checkFiles(Path dir, Manifest manifest) throws VerificationException, IOException {
        Set<String> listed = new HashSet<>();
        for (ManifestFile f : manifest.files()) {
            listed.add(f.path());
            checkFile(dir, f);
        }
        String unlisted = findUnlisted(dir, listed);
        if (unlisted != null) {
            throw new VerificationException(Reason.FILE_UNLISTED, unlisted + " is not listed in the manifest");
        }
    }

    private static void checkFile(Path dir, ManifestFile f) throws VerificationException, IOException {
        Path p = dir;
        for (String segment : f.path().split("/")) {
            p = p.resolve(segment);
            if (Files.isSymbolicLink(p)) {
                throw new VerificationException(Reason.UNSAFE_PATH, f.path() + " goes through a symbolic link");
            }
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new VerificationException(Reason.FILE_MISSING, f.path() + " is listed but missing");
        }
        long size = Files.size(p);
        if (size != f.size()) {
            throw new VerificationException(Reason.FILE_CHANGED,
                    f.path() + " has " + size + " bytes where the manifest lists " + f.size());
        }
        String hash = sha256(p, f.size());
        if (!hash.equals(f.sha256())) {
            throw new VerificationException(Reason.FILE_CHANGED,
                    f.path() + " has SHA-256 " + hash + " where the manifest lists " + f.sha256());
        }
    }

    /** Hashes at most {@code expectedSize + 1} bytes, so a file that grows while read cannot run forever. */
    static String sha256(Path file, long expectedSize) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[64 * 1024];
        long remaining = expectedSize + 1;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while (remaining > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, remaining))) > 0) {
                md.update(buf, 0, n);
                remaining -= n;
            }
        }
        return Bytes.hex(md.digest());
    }

    private static String findUnlisted(Path dir, Set<String> listed) throws IOException {
        String[] found = new String[1];
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(dir, file);
                if (!listed.contains(rel) && !BundlePaths.isReserved(rel) && !BundlePaths.isPlatformFile(rel)) {
                    found[0] = rel;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /**
     * Refuses ({@link Reason#WRONG_PLATFORM}) a manifest made for another platform than the app's
     * ({@code devicePlatform}: android, ios, or null when the app declares none); one without a platform fits all.
     */
    public static void checkPlatform(Manifest manifest, String devicePlatform, String where)
            throws VerificationException {
        String problem = manifest.platformProblem(devicePlatform);
        if (problem != null) {
            throw new VerificationException(Reason.WRONG_PLATFORM, where + " " + problem);
        }
    }
}
