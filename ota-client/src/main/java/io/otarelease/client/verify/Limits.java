package io.otarelease.client.verify;

import io.otarelease.client.bytes.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Size ceilings for documents read from untrusted places, so an endless file cannot exhaust a device. */
public final class Limits {
    public static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
    public static final int MAX_SIGNATURE_BYTES = 16 * 1024;
    public static final int MAX_KEYS_BYTES = 1024 * 1024;
    /** A channel pointer is a few hundred bytes; anything near this ceiling is an attack. */
    public static final int MAX_POINTER_BYTES = 64 * 1024;
    /** One file of a web bundle; a manifest listing a larger one is refused before any download. */
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;
    /** A threshold signature file: a few envelopes of at most 1 KiB each. */
    public static final int MAX_SIGNATURES_BYTES = 64 * 1024;

    private Limits() {
    }

    /** Reads a regular file (never through a link) of at most {@code max} bytes. */
    public static byte[] readBounded(Path file, int max, String what) throws VerificationException, IOException {
        if (Files.isSymbolicLink(file)) {
            throw new VerificationException(VerificationException.Reason.UNSAFE_PATH, what + " is a symbolic link");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new VerificationException(VerificationException.Reason.FILE_MISSING, what + " is missing");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return readBounded(in, max, what);
        }
    }

    /**
     * Reads at most {@code max} bytes from {@code in} and refuses a stream that has more: it stops after
     * {@code max + 1} bytes, so an endless stream costs at most that much memory. Does not close {@code in}.
     */
    public static byte[] readBounded(InputStream in, int max, String what) throws VerificationException, IOException {
        byte[] bytes = Bytes.readAtMost(in, max + 1);
        if (bytes.length > max) {
            throw new VerificationException(VerificationException.Reason.TOO_LARGE,
                    what + " is larger than the limit of " + max + " bytes");
        }
        return bytes;
    }
}
