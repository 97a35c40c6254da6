package io.otarelease.core.trust;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.KeyDelegation;
import io.otarelease.client.trust.SignatureSet;
import io.otarelease.client.trust.ThresholdVerifier;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.io.IoErrors;
import io.otarelease.core.sign.SigningService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A local folder of trust documents, laid out as devices read them under {@code <appId>/trust/} in a store:
 * {@code root/<N>.json|.sig} and {@code keys.json|.sig}. Every change writes a new version signed by the signer
 * given (one root key); the other root holders add their signatures with {@link #sign}. Devices accept a
 * document only once a threshold has signed, so a half-signed document in this folder is harmless.
 *
 * <p>A new version empties the signature file, then writes the document, each atomically: a crash between them
 * leaves the old document without signatures or the new one without enough, both of which devices refuse while
 * keeping the keys they accepted last; {@link #sign} (or the command again) completes it. Publish the folder
 * to the store only once {@link #missingSignatures} is null for every document.
 */
public final class TrustDirectory {
    /** The delegated roles. */
    public enum Role { RELEASE, CHANNEL }

    private final Path dir;
    private final Clock clock;

    public TrustDirectory(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    /** Writes root version 1 and key delegation version 1, each signed by {@code signing} (a root key). */
    public void init(String appId, TrustedKeys rootKeys, int threshold, TrustedKeys release, TrustedKeys channel,
                     Duration rootValidity, Duration keysValidity, SigningService signing) {
        if (Files.exists(dir.resolve(TrustRoot.fileName(1)))) {
            throw new OtaException.BadInput(dir.resolve(TrustRoot.fileName(1)) + " exists: this folder is initialized");
        }
        Instant now = now();
        TrustRoot root = build(() -> new TrustRoot(appId, 1, now, now.plus(rootValidity), threshold, rootKeys));
        write(TrustRoot.fileName(1), root.toCanonicalBytes(), TrustRoot.signatureName(1));
        KeyDelegation d = build(() -> new KeyDelegation(appId, 1, now, now.plus(keysValidity), release, channel,
                List.of()));
        write(KeyDelegation.FILE_NAME, d.toCanonicalBytes(), KeyDelegation.SIGNATURE_NAME);
        sign(TrustRoot.fileName(1), signing);
        sign(KeyDelegation.FILE_NAME, signing);
    }

    /** Writes root version N+1 with new keys and threshold; a threshold of the old and of the new must sign it. */
    public TrustRoot rotateRoot(TrustedKeys keys, int threshold, Duration validity, SigningService signing) {
        TrustRoot current = latestRoot();
        Instant now = now();
        TrustRoot next = build(() -> new TrustRoot(current.appId(), current.version() + 1, now, now.plus(validity),
                threshold, keys));
        write(TrustRoot.fileName(next.version()), next.toCanonicalBytes(), TrustRoot.signatureName(next.version()));
        sign(TrustRoot.fileName(next.version()), signing);
        return next;
    }

    /**
     * Writes the next key delegation with {@code keys} delegated to {@code role}, alongside the keys it had when
     * {@code keepOld} (an overlap while releases signed by the old key are still served), instead of them otherwise.
     */
    public KeyDelegation rotate(Role role, TrustedKeys keys, boolean keepOld, Duration validity,
                                SigningService signing) {
        KeyDelegation d = delegation();
        for (TrustedKey k : keys.keys()) {
            if (d.revoked().contains(k.keyId())) {
                throw new OtaException.BadInput("key \"" + k.keyId() + "\" was revoked in " + KeyDelegation.FILE_NAME
                        + " and cannot be delegated again: give the new key a new id");
            }
        }
        TrustedKeys current = role == Role.RELEASE ? d.release() : d.channel();
        TrustedKeys next = keepOld ? current : new TrustedKeys(List.of());
        for (TrustedKey k : keys.keys()) {
            next = next.with(k);
        }
        TrustedKeys release = role == Role.RELEASE ? next : d.release();
        TrustedKeys channel = role == Role.CHANNEL ? next : d.channel();
        return writeDelegation(d, release, channel, d.revoked(), validity, signing);
    }

    /** Writes the next key delegation without {@code keyId} in any role and with it listed as revoked. */
    public KeyDelegation revoke(String keyId, Duration validity, SigningService signing) {
        KeyDelegation d = delegation();
        if (d.release().find(keyId).isEmpty() && d.channel().find(keyId).isEmpty()) {
            throw new OtaException.BadInput("key \"" + keyId + "\" is not delegated in " + dir.resolve(
                    KeyDelegation.FILE_NAME) + (d.revoked().contains(keyId) ? " (it is already revoked)" : ""));
        }
        TrustedKeys release = without(d.release(), keyId);
        TrustedKeys channel = without(d.channel(), keyId);
        if (release.keys().isEmpty() || channel.keys().isEmpty()) {
            throw new OtaException.BadInput("revoking \"" + keyId + "\" would leave the " + (release.keys().isEmpty()
                    ? "release" : "channel") + " role without a key: rotate a new key in first (ota keys rotate)");
        }
        List<String> revoked = new ArrayList<>(d.revoked());
        revoked.add(keyId);
        return writeDelegation(d, release, channel, revoked, validity, signing);
    }

    /**
     * Adds {@code signing}'s signature to {@code document} ({@code keys.json} or {@code root/<N>.json}). The signer
     * must hold a key of the root that devices check the document against.
     */
    public SignatureSet sign(String document, SigningService signing) {
        TrustedKeys allowed = signers(document); // also refuses any name but keys.json and root/<N>.json
        String keyId = signing.signer().keyId();
        if (allowed.find(keyId).isEmpty()) {
            throw new OtaException.BadInput("key \"" + keyId + "\" is not a root key that " + document
                    + " needs; expected one of " + allowed.keys().stream().map(TrustedKey::keyId).toList());
        }
        byte[] bytes = read(dir.resolve(document));
        SignatureEnvelope envelope = signing.sign(bytes, document);
        TrustedKey listed = allowed.find(keyId).orElseThrow();
        if (!listed.publicKey().equals(signing.signer().publicKey())) {
            throw new OtaException.BadInput("the signer's public key is not the root key \"" + keyId + "\"");
        }
        SignatureSet updated = signatures(document).with(envelope);
        AtomicFiles.write(dir.resolve(sigName(document)), updated.toCanonicalBytes());
        return updated;
    }

    /** What {@code document} still needs before devices accept it, or null when its signatures suffice. */
    public String missingSignatures(String document) {
        byte[] bytes = read(dir.resolve(document));
        SignatureSet sigs = signatures(document);
        List<String> missing = new ArrayList<>();
        for (TrustRoot r : rootsFor(document)) {
            try {
                ThresholdVerifier.verify(bytes, sigs, r.keys(), r.threshold(), document, "root v" + r.version());
            } catch (VerificationException e) {
                missing.add(e.getMessage());
            }
        }
        return missing.isEmpty() ? null : String.join("; ", missing);
    }

    public TrustRoot latestRoot() {
        long n = 0;
        try (Stream<Path> s = Files.list(dir.resolve("root"))) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.matches("[1-9][0-9]{0,17}\\.json")) {
                    n = Math.max(n, Long.parseLong(name.substring(0, name.length() - 5)));
                }
            }
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot list " + dir.resolve("root") + ": run ota keys init first", e);
        }
        if (n == 0) {
            throw new OtaException.BadInput(dir.resolve("root") + " has no root version: run ota keys init first");
        }
        return root(n);
    }

    public TrustRoot root(long version) {
        String name = TrustRoot.fileName(version);
        return parse(() -> TrustRoot.parse(read(dir.resolve(name)), dir.resolve(name).toString()));
    }

    public KeyDelegation delegation() {
        Path f = dir.resolve(KeyDelegation.FILE_NAME);
        return parse(() -> KeyDelegation.parse(read(f), f.toString()));
    }

    private KeyDelegation writeDelegation(KeyDelegation d, TrustedKeys release, TrustedKeys channel,
                                          List<String> revoked, Duration validity, SigningService signing) {
        Instant now = now();
        KeyDelegation next = build(() -> new KeyDelegation(d.appId(), d.version() + 1, now, now.plus(validity),
                release, channel, revoked));
        write(KeyDelegation.FILE_NAME, next.toCanonicalBytes(), KeyDelegation.SIGNATURE_NAME);
        sign(KeyDelegation.FILE_NAME, signing);
        return next;
    }

    /** The roots whose thresholds {@code document} needs: the latest for keys.json; N-1 and N for root N. */
    private List<TrustRoot> rootsFor(String document) {
        if (document.equals(KeyDelegation.FILE_NAME)) {
            return List.of(latestRoot());
        }
        if (!document.matches("root/[1-9][0-9]{0,17}\\.json")) {
            throw new OtaException.BadInput("unknown trust document " + document
                    + " (expected keys.json or root/<N>.json)");
        }
        long n = Long.parseLong(document.substring(5, document.length() - 5));
        return n == 1 ? List.of(root(1)) : List.of(root(n - 1), root(n));
    }

    private TrustedKeys signers(String document) {
        TrustedKeys all = new TrustedKeys(List.of());
        for (TrustRoot r : rootsFor(document)) {
            for (TrustedKey k : r.keys().keys()) {
                all = all.with(k);
            }
        }
        return all;
    }

    private SignatureSet signatures(String document) {
        Path f = dir.resolve(sigName(document));
        return Files.exists(f) ? parse(() -> SignatureSet.parse(read(f), f.toString())) : SignatureSet.empty();
    }

    private static String sigName(String document) {
        return document.substring(0, document.length() - ".json".length()) + ".sig";
    }

    /** A new document version starts with no signatures: old ones were over other bytes. */
    private void write(String name, byte[] bytes, String sigName) {
        AtomicFiles.write(dir.resolve(sigName), SignatureSet.empty().toCanonicalBytes());
        AtomicFiles.write(dir.resolve(name), bytes);
    }

    private static TrustedKeys without(TrustedKeys keys, String keyId) {
        return new TrustedKeys(keys.keys().stream().filter(k -> !k.keyId().equals(keyId)).toList());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read " + f + ": " + IoErrors.reason(e), e);
        }
    }

    private static <T> T parse(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (JsonException e) {
            throw new OtaException.BadInput(e.getMessage(), e);
        }
    }

    private static <T> T build(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new OtaException.BadInput(e.getMessage(), e);
        }
    }
}
