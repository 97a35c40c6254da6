package io.otarelease.client.trust;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.verify.Limits;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;

/**
 * What a device does to learn which keys sign releases and pointers, TUF-style, without a new app binary:
 * <ol>
 *   <li>follow root versions one at a time, N to N+1 only, each signed by a threshold of the keys of N
 *       <em>and</em> of N+1 (so neither a stolen old root nor a forged new one alone can move the root);</li>
 *   <li>refuse the final root if it has expired (freeze);</li>
 *   <li>accept the key delegation only when signed by a threshold of the current root keys, for this app, not
 *       older than the one accepted before (rollback to a delegation that still trusted a revoked key), and not
 *       expired.</li>
 * </ol>
 * The result is {@link RoleKeys}: the {@code TrustedKeys} the existing verifiers take for each role.
 * A device persists {@link #root()} (its bytes), {@link #highestDelegationVersion()} and
 * {@link #highestDelegationDigest()}, and passes them back.
 * Not thread-safe.
 */
public final class TrustUpdater {
    /** Bounds one refresh; a real history has a handful of root versions. */
    public static final int MAX_ROOT_STEPS = 64;

    private final Clock clock;
    private TrustRoot root;
    private long highestDelegation;
    private byte[] highestDelegationDigest;

    /**
     * @param root the root the app ships, or the latest one this device accepted
     * @param highestDelegationVersion the highest delegation version accepted before (0 when none)
     */
    public TrustUpdater(TrustRoot root, long highestDelegationVersion, Clock clock) {
        this(root, highestDelegationVersion, null, clock);
    }

    /**
     * @param highestDelegationDigest the SHA-256 of the delegation accepted at that version
     *     ({@link #highestDelegationDigest()}), or null; with it, another delegation of the same version is refused
     *     after a restart too
     */
    public TrustUpdater(TrustRoot root, long highestDelegationVersion, byte[] highestDelegationDigest, Clock clock) {
        this.root = root;
        this.highestDelegation = highestDelegationVersion;
        this.highestDelegationDigest = highestDelegationDigest == null ? null : highestDelegationDigest.clone();
        this.clock = clock;
    }

    public TrustRoot root() {
        return root;
    }

    public long highestDelegationVersion() {
        return highestDelegation;
    }

    /** The SHA-256 of the delegation accepted at {@link #highestDelegationVersion()} (null before any). */
    public byte[] highestDelegationDigest() {
        return highestDelegationDigest == null ? null : highestDelegationDigest.clone();
    }

    /** Moves from root N to N+1; {@code sigBytes} is an {@code ota-signatures/1} file. */
    public TrustRoot acceptRoot(byte[] rootBytes, byte[] sigBytes) throws VerificationException {
        long want = root.version() + 1;
        String what = StoreLayout.DEVICE.trust(TrustRoot.fileName(want));
        checkSize(rootBytes, Limits.MAX_KEYS_BYTES, what);
        SignatureSet sigs = signatures(sigBytes, StoreLayout.DEVICE.trust(TrustRoot.signatureName(want)));
        // the old root vouches for the new bytes before they are even parsed
        TrustRoot next = ThresholdVerifier.verify(rootBytes, sigs, root.keys(), root.threshold(), what,
                "root v" + root.version()).parse(TrustRoot::parse);
        if (next.version() != want) {
            throw new VerificationException(Reason.ROLLBACK, what + ": expected root version " + want
                    + " but found version " + next.version());
        }
        if (!next.appId().equals(root.appId())) {
            throw new VerificationException(Reason.MISMATCH, what + " is for app " + next.appId()
                    + ", expected " + root.appId());
        }
        ThresholdVerifier.verify(rootBytes, sigs, next.keys(), next.threshold(), what, "root v" + want);
        root = next;
        return next;
    }

    /** Checks the key delegation against the current root and returns the keys of each role. */
    public RoleKeys acceptDelegation(byte[] docBytes, byte[] sigBytes) throws VerificationException {
        String what = StoreLayout.DEVICE.trust(KeyDelegation.FILE_NAME);
        checkNotExpired();
        checkSize(docBytes, Limits.MAX_KEYS_BYTES, what);
        SignatureSet sigs = signatures(sigBytes, StoreLayout.DEVICE.trust(KeyDelegation.SIGNATURE_NAME));
        KeyDelegation d = ThresholdVerifier.verify(docBytes, sigs, root.keys(), root.threshold(), what,
                "root v" + root.version()).parse(KeyDelegation::parse);
        if (!d.appId().equals(root.appId())) {
            throw new VerificationException(Reason.MISMATCH, what + " is for app " + d.appId() + ", expected "
                    + root.appId());
        }
        byte[] digest = sha256(docBytes);
        if (d.version() < highestDelegation) {
            throw new VerificationException(Reason.ROLLBACK, what + ": expected version " + highestDelegation
                    + " or higher but found version " + d.version());
        }
        if (d.version() == highestDelegation && highestDelegationDigest != null
                && !MessageDigest.isEqual(digest, highestDelegationDigest)) {
            throw new VerificationException(Reason.ROLLBACK, what + ": version " + d.version()
                    + " was already accepted with different content");
        }
        Instant now = clock.instant();
        if (!now.isBefore(d.expiresAt())) {
            throw new VerificationException(Reason.EXPIRED, what + " expired at " + d.expiresAt() + " (now " + now
                    + ")");
        }
        highestDelegation = d.version();
        highestDelegationDigest = digest;
        return RoleKeys.of(d);
    }

    /** Follows every newer root the source has, then checks the delegation it serves. */
    public RoleKeys refresh(TrustSource source) throws VerificationException, IOException {
        for (int i = 0; i < MAX_ROOT_STEPS; i++) {
            long next = root.version() + 1;
            byte[] doc = source.fetch(TrustRoot.fileName(next), Limits.MAX_KEYS_BYTES);
            if (doc == null) {
                break;
            }
            byte[] sig = require(source, TrustRoot.signatureName(next), Limits.MAX_SIGNATURES_BYTES);
            acceptRoot(doc, sig);
        }
        byte[] doc = require(source, KeyDelegation.FILE_NAME, Limits.MAX_KEYS_BYTES);
        byte[] sig = require(source, KeyDelegation.SIGNATURE_NAME, Limits.MAX_SIGNATURES_BYTES);
        return acceptDelegation(doc, sig);
    }

    private void checkNotExpired() throws VerificationException {
        Instant now = clock.instant();
        if (!now.isBefore(root.expiresAt())) {
            throw new VerificationException(Reason.EXPIRED, StoreLayout.DEVICE.trust(TrustRoot.fileName(root.version()))
                    + " expired at " + root.expiresAt() + " (now " + now + "): publish a new root version");
        }
    }

    private static byte[] require(TrustSource source, String name, int max) throws VerificationException, IOException {
        byte[] b = source.fetch(name, max);
        if (b == null) {
            throw new VerificationException(Reason.FILE_MISSING, StoreLayout.DEVICE.trust(name) + " is missing");
        }
        return b;
    }

    private static SignatureSet signatures(byte[] bytes, String what) throws VerificationException {
        checkSize(bytes, Limits.MAX_SIGNATURES_BYTES, what);
        try {
            return SignatureSet.parse(bytes, what);
        } catch (JsonException e) {
            throw new VerificationException(Reason.MALFORMED, e.getMessage());
        }
    }

    private static void checkSize(byte[] b, int max, String what) throws VerificationException {
        if (b.length > max) {
            throw new VerificationException(Reason.TOO_LARGE, what + " is larger than the limit of " + max + " bytes");
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
