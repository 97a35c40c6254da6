package io.otarelease.client.channel;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedDocument;
import io.otarelease.client.verify.VerificationException.Reason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;

/**
 * The checks a device makes on a channel pointer before it acts on it, in this order: the signature over the
 * exact bytes of {@code <channel>.json} (before parsing), the app and channel it is for, the sequence (never lower
 * than the highest accepted, so a replayed old pointer cannot roll a device back), and the expiry (so a frozen
 * CDN cannot keep serving a stale pointer forever).
 *
 * <p>A device persists {@link #highestSequence()} between runs and passes it back to the constructor.
 * Not thread-safe: one verifier per channel per device.
 */
public final class ChannelVerifier {
    private final TrustedKeys trusted;
    private final Clock clock;
    private final String appId;
    private final String channel;
    private long highest;
    private byte[] highestDigest;

    /**
     * @param highestSeen the highest sequence accepted before (0 when none)
     */
    public ChannelVerifier(TrustedKeys trusted, Clock clock, String appId, String channel, long highestSeen) {
        this(trusted, clock, appId, channel, highestSeen, null);
    }

    /**
     * @param highestDigest the SHA-256 of the pointer accepted at {@code highestSeen} ({@link #highestDigest()}),
     *     or null; with it, a different pointer with that same sequence is refused after a restart too
     */
    public ChannelVerifier(TrustedKeys trusted, Clock clock, String appId, String channel, long highestSeen,
                           byte[] highestDigest) {
        this.trusted = trusted;
        this.clock = clock;
        this.appId = appId;
        this.channel = channel;
        this.highest = highestSeen;
        this.highestDigest = highestDigest == null ? null : highestDigest.clone();
    }

    public ChannelPointer verify(byte[] pointerBytes, byte[] signatureBytes) throws VerificationException {
        String doc = StoreLayout.DEVICE.channel(channel);
        ChannelPointer p = VerifiedDocument.check(pointerBytes, signatureBytes, trusted, doc,
                StoreLayout.DEVICE.channelSignature(channel)).parse(ChannelPointer::parse);
        if (!p.appId().equals(appId) || !p.channel().equals(channel)) {
            throw new VerificationException(Reason.MISMATCH, doc + " is for app " + p.appId() + " channel "
                    + p.channel() + ", expected app " + appId + " channel " + channel);
        }
        byte[] digest = sha256(pointerBytes);
        if (p.sequence() < highest) {
            throw new VerificationException(Reason.ROLLBACK, doc + ": expected sequence " + highest
                    + " or higher but found sequence " + p.sequence());
        }
        if (p.sequence() == highest && highestDigest != null && !MessageDigest.isEqual(digest, highestDigest)) {
            throw new VerificationException(Reason.ROLLBACK, doc + ": sequence " + p.sequence()
                    + " was already accepted with different content");
        }
        Instant now = clock.instant();
        if (!now.isBefore(p.expiresAt())) {
            throw new VerificationException(Reason.EXPIRED, doc + " expired at " + p.expiresAt() + " (now " + now + ")");
        }
        highest = p.sequence();
        highestDigest = digest;
        return p;
    }

    /**
     * Checks that a verified manifest is the release a verified pointer names, so that two validly signed
     * documents cannot be mixed and matched: same app, and {@code version}, {@code bundleHash} and
     * {@code minNativeVersion} equal to the pointer's {@code current} or {@code fallback} entry of that version.
     */
    public static void checkRelease(ChannelPointer pointer, Manifest manifest) throws VerificationException {
        String doc = StoreLayout.DEVICE.channel(pointer.channel());
        if (!manifest.appId().equals(pointer.appId())) {
            throw new VerificationException(Reason.MISMATCH, Manifest.FILE_NAME + " of " + manifest.version()
                    + " is for app " + manifest.appId() + " but " + doc + " is for app " + pointer.appId());
        }
        String hash;
        String minNative;
        if (manifest.version().equals(pointer.current().version())) {
            hash = pointer.current().bundleHash();
            minNative = pointer.current().minNativeVersion();
        } else if (pointer.fallback() != null && manifest.version().equals(pointer.fallback().version())) {
            hash = pointer.fallback().bundleHash();
            minNative = pointer.fallback().minNativeVersion();
        } else {
            throw new VerificationException(Reason.MISMATCH, doc + " names no version " + manifest.version());
        }
        if (!hash.equals(manifest.bundleHash())) {
            throw new VerificationException(Reason.MISMATCH, doc + " gives version " + manifest.version()
                    + " bundleHash " + hash + " but its manifest has " + manifest.bundleHash());
        }
        if (!java.util.Objects.equals(minNative, manifest.minNativeVersion())) {
            throw new VerificationException(Reason.MISMATCH, doc + " gives version " + manifest.version()
                    + " minNativeVersion " + minNative + " but its manifest has " + manifest.minNativeVersion());
        }
    }

    /** The highest sequence accepted so far: persist it and pass it back next time. */
    public long highestSequence() {
        return highest;
    }

    /** The SHA-256 of the pointer accepted at {@link #highestSequence()} (null before any): persist it too. */
    public byte[] highestDigest() {
        return highestDigest == null ? null : highestDigest.clone();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
