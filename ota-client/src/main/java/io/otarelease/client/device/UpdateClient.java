package io.otarelease.client.device;

import io.otarelease.client.bytes.Bytes;
import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.verify.VerifiedDocument;
import io.otarelease.client.trust.RoleKeys;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.trust.TrustUpdater;
import io.otarelease.client.verify.Limits;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * A device's update decision, one {@link #check()} at a time:
 * <ol>
 * <li>fetch {@code channels/<channel>.json} and {@code .sig}; verify the signature over the exact bytes, the app
 * and channel, the sequence (never lower than the highest accepted, persisted across restarts) and the expiry;</li>
 * <li>pick the release by rollout bucket and {@code minNativeVersion} ({@link Targeting});</li>
 * <li>skip it when it runs already or when its content failed to start here before (blocked by bundleHash; a
 * pointer naming different content still installs);</li>
 * <li>fetch its manifest and signature; verify the signature and that the manifest is the content the pointer
 * named (bundleHash, version, app);</li>
 * <li>fetch only the blobs missing from the cache, each checked for size and SHA-256 as it arrives;</li>
 * <li>have the storage assemble and verify the whole bundle, then record it as pending in one atomic state write.
 * The next {@link Launcher#launch()} tries it; only the page's ready call makes it current.</li>
 * </ol>
 * With a trust root (the app ships root v1 instead of fixed keys), every check first refreshes trust from
 * {@code trust/} on the CDN ({@link TrustUpdater}: root N to N+1, then the key delegation), persists what it
 * accepted ({@link TrustState}) and verifies the pointer with the delegation's channel keys and the manifest with its
 * release keys; a trust failure (expired root, threshold not met, older delegation replayed) is REFUSED before any
 * pointer is read. Without one, {@code config.trusted()} serves both roles as before.
 * Any failure leaves the running bundle and the state as they were. One instance per device; not for concurrent
 * {@code check()} calls (the launcher may run alongside).
 */
public final class UpdateClient {
    /** Ceiling for a channel pointer document. */
    public static final int MAX_POINTER_BYTES = 64 * 1024;
    /** Fresh fetches after a bad pointer signature before it is reported (a publish may be in flight). */
    static final int SIGNATURE_RETRIES = 3;
    private static final StoreLayout LAYOUT = StoreLayout.DEVICE;

    private final DeviceConfig config;
    private final Transport transport;
    private final DeviceStorage storage;
    private final DeviceEvents events;
    private final TrustRoot shippedRoot;
    private RoleKeys keys;
    private byte[] delegationDigest;
    private ChannelVerifier pointers;
    private String pointerEtag;
    private ChannelPointer lastPointer;

    public UpdateClient(DeviceConfig config, Transport transport, DeviceStorage storage, DeviceEvents events) {
        this.config = config;
        this.transport = transport;
        this.storage = storage;
        this.events = events;
        this.shippedRoot = null;
        this.keys = RoleKeys.legacy(config.trusted());
    }

    /**
     * A device that follows a trust root: {@code shippedRoot} is the root the app ships; {@code config.trusted()}
     * is not used. The storage must keep trust state ({@link DeviceStorage#saveTrust}).
     */
    public UpdateClient(DeviceConfig config, Transport transport, DeviceStorage storage, DeviceEvents events,
                        TrustRoot shippedRoot) {
        if (!shippedRoot.appId().equals(config.appId())) {
            throw new IllegalArgumentException("the shipped root is for app " + shippedRoot.appId() + ", not "
                    + config.appId());
        }
        this.config = config;
        this.transport = transport;
        this.storage = storage;
        this.events = events;
        this.shippedRoot = shippedRoot;
    }

    public UpdateResult check() throws IOException {
        DeviceState state;
        synchronized (storage) {
            state = storage.load();
        }
        if (shippedRoot != null) {
            TrustUpdater trust = trustUpdater();
            try {
                keys = trust.refresh(this::fetchTrust);
            } catch (VerificationException e) {
                events.refused(state.runningVersion(), e);
                return UpdateResult.of(UpdateResult.Outcome.REFUSED, null, "trust refused: " + e.getMessage());
            } catch (IOException e) {
                return UpdateResult.of(UpdateResult.Outcome.FAILED, null, "trust: " + e.getMessage());
            }
            saveTrust(trust);
            if (!java.util.Arrays.equals(delegationDigest, trust.highestDelegationDigest())) {
                // new keys: a pointer verified (or cached behind an ETag) under the old ones proves nothing now
                delegationDigest = trust.highestDelegationDigest();
                pointers = null;
                lastPointer = null;
                pointerEtag = null;
            }
        }
        if (pointers == null || pointers.highestSequence() < state.highestSequence()) {
            pointers = new ChannelVerifier(keys.channel(), config.clock(), config.appId(), config.channel(),
                    state.highestSequence());
        }
        ChannelPointer pointer;
        try {
            pointer = fetchPointer();
        } catch (VerificationException e) {
            events.refused(state.runningVersion(), e);
            return UpdateResult.of(UpdateResult.Outcome.REFUSED, null, e.getMessage());
        } catch (IOException e) {
            return UpdateResult.of(UpdateResult.Outcome.FAILED, null, e.getMessage());
        }
        state = update(s -> s.withSequence(Math.max(s.highestSequence(), pointers.highestSequence())));

        Targeting.Target target = Targeting.select(pointer, config.installId(), config.nativeVersion());
        if (target == null) {
            return UpdateResult.of(UpdateResult.Outcome.NO_RELEASE, null, "channel " + config.channel()
                    + " offers no release for native version " + config.nativeVersion());
        }
        String hash = target.bundleHash();
        if (state.current() != null && state.current().bundleHash().equals(hash)) {
            if (state.pending() != null) {
                update(s -> s.withPending(null)); // a rollback before the staged release was ever launched
            }
            return UpdateResult.of(UpdateResult.Outcome.UP_TO_DATE, target.version(), null);
        }
        if ((state.pending() != null && state.pending().bundleHash().equals(hash))
                || (state.trial() != null && state.trial().bundle().bundleHash().equals(hash))) {
            return UpdateResult.of(UpdateResult.Outcome.UP_TO_DATE, target.version(), null);
        }
        if (state.blocked().contains(hash)) {
            return UpdateResult.of(UpdateResult.Outcome.BLOCKED, target.version(), target.version() + " (" + hash
                    + ") failed to start on this device before; waiting for a pointer naming different content");
        }
        return install(target);
    }

    private UpdateResult install(Targeting.Target target) throws IOException {
        long start = System.nanoTime();
        long bytes = 0;
        int fetched = 0;
        int cached = 0;
        String v = target.version();
        Manifest manifest;
        byte[] manifestJson;
        byte[] manifestSig;
        try {
            manifestJson = transport.get(LAYOUT.manifest(v), null, Limits.MAX_MANIFEST_BYTES).body();
            manifestSig = transport.get(LAYOUT.manifestSignature(v), null, Limits.MAX_SIGNATURE_BYTES).body();
            bytes += manifestJson.length + manifestSig.length;
            manifest = verifyManifest(target, manifestJson, manifestSig);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ManifestFile f : manifest.files()) {
                if (!seen.add(f.sha256())) {
                    continue;
                }
                if (storage.hasBlob(f.sha256())) {
                    cached++;
                    continue;
                }
                byte[] blob = transport.get(LAYOUT.blob(f.sha256()), null,
                        f.size()).body();
                checkBlob(f, blob);
                storage.putBlob(f.sha256(), blob);
                bytes += blob.length;
                fetched++;
            }
        } catch (VerificationException e) {
            events.downloaded(v, false, bytes, elapsed(start));
            events.refused(v, e);
            return new UpdateResult(UpdateResult.Outcome.REFUSED, v, bytes, fetched, cached, e.getMessage());
        } catch (IOException e) {
            events.downloaded(v, false, bytes, elapsed(start));
            return new UpdateResult(UpdateResult.Outcome.FAILED, v, bytes, fetched, cached, e.getMessage());
        }
        events.downloaded(v, true, bytes, elapsed(start));
        long installStart = System.nanoTime();
        try {
            if (shippedRoot == null) {
                storage.prepare(manifest, manifestJson, manifestSig);
            } else {
                storage.prepare(manifest, manifestJson, manifestSig, keys.release());
            }
        } catch (VerificationException e) {
            events.refused(v, e);
            return new UpdateResult(UpdateResult.Outcome.REFUSED, v, bytes, fetched, cached, e.getMessage());
        }
        DeviceState.Installed staged = new DeviceState.Installed(v, target.bundleHash());
        update(s -> s.withPending(staged));
        events.installed(v, elapsed(installStart));
        return new UpdateResult(UpdateResult.Outcome.STAGED, v, bytes, fetched, cached, null);
    }

    /**
     * The pointer, verified. A 304 reuses the pointer verified before (its expiry is checked again). A bad
     * signature is fetched again up to three times (100, 200, 400 ms apart): a CDN may briefly serve a new pointer beside the old
     * signature while a publish is in flight, and that is not an attack worth reporting.
     */
    private ChannelPointer fetchPointer() throws IOException, VerificationException {
        String json = LAYOUT.channel(config.channel());
        String sig = LAYOUT.channelSignature(config.channel());
        Transport.Response r = transport.get(json, lastPointer == null ? null : pointerEtag, MAX_POINTER_BYTES);
        if (r.notModified() && lastPointer != null) {
            Instant now = config.clock().instant();
            if (!now.isBefore(lastPointer.expiresAt())) {
                throw new VerificationException(Reason.EXPIRED, json + " expired at " + lastPointer.expiresAt()
                        + " (now " + now + ")");
            }
            return lastPointer;
        }
        byte[] sigBytes = transport.get(sig, null, Limits.MAX_SIGNATURE_BYTES).body();
        ChannelPointer p;
        for (int attempt = 1; ; attempt++) {
            try {
                p = pointers.verify(r.body(), sigBytes);
                break;
            } catch (VerificationException e) {
                if (e.reason() != Reason.BAD_SIGNATURE || attempt > SIGNATURE_RETRIES) {
                    throw e;
                }
            }
            pause(100L << (attempt - 1)); // 100, 200, 400 ms: the store syncs the pointer before writing its .sig
            r = transport.get(json, null, MAX_POINTER_BYTES);
            sigBytes = transport.get(sig, null, Limits.MAX_SIGNATURE_BYTES).body();
        }
        lastPointer = p;
        pointerEtag = r.etag();
        return p;
    }

    private Manifest verifyManifest(Targeting.Target target, byte[] json, byte[] sig) throws VerificationException {
        String doc = LAYOUT.manifest(target.version());
        Manifest m = VerifiedDocument.check(json, sig, keys.release(), doc, LAYOUT.manifestSignature(target.version()))
                .parse((bytes, name) -> Manifest.parse(bytes));
        if (!m.bundleHash().equals(target.bundleHash()) || !m.version().equals(target.version())
                || !m.appId().equals(config.appId())) {
            throw new VerificationException(Reason.MISMATCH, doc + " is " + m.appId() + " " + m.version() + " "
                    + m.bundleHash() + " where the channel pointer names " + config.appId() + " " + target.version()
                    + " " + target.bundleHash());
        }
        if (!Targeting.fits(m.minNativeVersion(), config.nativeVersion())) {
            throw new VerificationException(Reason.MISMATCH, doc + " needs native version " + m.minNativeVersion()
                    + " but this app is " + config.nativeVersion());
        }
        return m;
    }

    /** The latest root this device accepted (or the shipped one, if newer) and the highest delegation seen. */
    private TrustUpdater trustUpdater() throws IOException {
        TrustState saved;
        synchronized (storage) {
            saved = storage.loadTrust();
        }
        if (saved == null) {
            return new TrustUpdater(shippedRoot, 0, null, config.clock());
        }
        TrustRoot root;
        try {
            root = TrustRoot.parse(saved.rootJson(), "saved trust state root");
        } catch (JsonException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!root.appId().equals(shippedRoot.appId())) {
            throw new IOException("saved trust state is for app " + root.appId() + ", not " + shippedRoot.appId());
        }
        // an app update may ship a newer root than the device followed to; never go back to an older one
        TrustRoot start = root.version() >= shippedRoot.version() ? root : shippedRoot;
        return new TrustUpdater(start, saved.highestDelegationVersion(), saved.highestDelegationDigest(),
                config.clock());
    }

    private void saveTrust(TrustUpdater trust) throws IOException {
        TrustState next = new TrustState(trust.root().toCanonicalBytes(), trust.highestDelegationVersion(),
                trust.highestDelegationDigest());
        synchronized (storage) {
            TrustState saved = storage.loadTrust();
            if (saved == null || !java.util.Arrays.equals(saved.toJson(), next.toJson())) {
                storage.saveTrust(next);
            }
        }
    }

    /** A trust document under {@code trust/}, bounded; null when the CDN has none (no newer root yet). */
    private byte[] fetchTrust(String name, int maxBytes) throws IOException {
        try {
            return transport.get(LAYOUT.trust(name), null, maxBytes).body();
        } catch (Transport.NotFoundException e) {
            return null;
        }
    }

    static void checkBlob(ManifestFile f, byte[] blob) throws VerificationException {
        if (blob.length != f.size()) {
            throw new VerificationException(Reason.FILE_CHANGED, "blob of " + f.path() + " has " + blob.length
                    + " bytes where the manifest lists " + f.size());
        }
        String actual = sha256(blob);
        if (!actual.equals(f.sha256())) {
            throw new VerificationException(Reason.FILE_CHANGED, "blob of " + f.path() + " has SHA-256 " + actual
                    + " where the manifest lists " + f.sha256());
        }
    }

    private DeviceState update(java.util.function.UnaryOperator<DeviceState> change) throws IOException {
        synchronized (storage) {
            DeviceState next = change.apply(storage.load());
            storage.save(next);
            return next;
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(byte[] b) {
        try {
            return Bytes.hex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
