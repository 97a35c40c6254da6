package io.otarelease.client.device;

import io.otarelease.client.layout.Names;
import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.channel.Versions;
import io.otarelease.client.device.DeviceState.ChannelMark;
import io.otarelease.client.device.Transport.RefusedException;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.verify.VerifiedDocument;
import io.otarelease.client.trust.RoleKeys;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.trust.TrustUpdater;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.Limits;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * A device's update decision, one {@link #check()} at a time:
 * <ol>
 * <li>fetch {@code channels/<channel>.json} and {@code .sig}; verify the signature over the exact bytes, the app
 * and channel, the sequence and digest against the pointer last accepted from this app and channel (persisted, so
 * a replay is refused across restarts too) and the expiry;</li>
 * <li>pick the release by rollout bucket and {@code minNativeVersion} ({@link Targeting}, {@link Versions});</li>
 * <li>skip it when it runs already or when its content failed to start here before (blocked by bundleHash; a
 * pointer naming different content still installs);</li>
 * <li>fetch its manifest and signature; verify the signature and that the manifest is the content the pointer
 * named (bundleHash, version, app);</li>
 * <li>check the listed sizes against {@link DownloadLimits} before connecting, then stream only the blobs missing
 * from the cache to storage, each hashed as it arrives and cut at its listed size;</li>
 * <li>have the storage assemble and verify the whole bundle, then record it as pending in one atomic state write.
 * The next {@link Launcher#launch()} tries it; only the page's ready call makes it current. When the signed
 * pointer marks it {@code urgent}, the result says so ({@link UpdateResult#urgent()}) and the app launches it now.</li>
 * </ol>
 * <b>Channels.</b> Anti-rollback state is kept per app and channel ({@link DeviceState#channels()}), so a device
 * can follow {@code beta} and go back to {@code production} ({@link #switchChannel}): it takes the release the new
 * channel serves it, even a lower version than it runs. The first pointer taken from a channel never moves it below
 * the bundle the app shipped with ({@link DeviceConfig#shippedVersion()}); only a signed rollback does that: a later
 * pointer of the same channel moving this install back from a release at or above the shipped one.
 * <p>With a trust root (the app ships root v1 instead of fixed keys), every check first refreshes trust from
 * {@code trust/} on the CDN ({@link TrustUpdater}: root N to N+1, then the key delegation), persists what it
 * accepted ({@link TrustState}) and verifies the pointer with the delegation's channel keys and the manifest with its
 * release keys; a trust failure (expired root, threshold not met, older delegation replayed) is REFUSED before any
 * pointer is read. Without one, {@code config.trusted()} serves both roles as before.
 * <p>Every refusal is an outcome with a reason, reported through {@link DeviceEvents}; {@code check()} throws only
 * when the device's own storage fails. Any failure leaves the running bundle and the state as they were. One
 * instance per device; not for concurrent {@code check()} calls (the launcher may run alongside).
 */
public final class UpdateClient {
    /** Ceiling for a channel pointer document. */
    public static final int MAX_POINTER_BYTES = Limits.MAX_POINTER_BYTES;
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
    private String pointerChannel;
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

    /** The channel this device follows: the one chosen with {@link #switchChannel}, else the configured one. */
    public String channel() throws IOException {
        synchronized (storage) {
            return channelOf(storage.load());
        }
    }

    /**
     * Follows {@code channel} from the next {@link #check()} on, also after a restart (null: back to the
     * configured channel). The running bundle stays until that check stages the new channel's release.
     */
    public void switchChannel(String channel) throws IOException {
        if (channel != null && !Names.CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel \"" + channel + "\" is not a channel name "
                    + "(lowercase letters, digits, '.', '_', '-')");
        }
        update(s -> s.withChannel(channel == null || channel.equals(config.channel()) ? null : channel));
    }

    public UpdateResult check() throws IOException {
        DeviceState state;
        synchronized (storage) {
            state = storage.load();
        }
        String channel = channelOf(state);
        if (!channel.equals(pointerChannel)) {
            pointerChannel = channel; // another channel: the pointer cached for the old one says nothing
            lastPointer = null;
            pointerEtag = null;
        }
        if (shippedRoot != null) {
            TrustUpdater trust = trustUpdater();
            try {
                keys = trust.refresh(this::fetchTrust);
            } catch (VerificationException e) {
                events.refused(state.runningVersion(), e);
                return UpdateResult.of(UpdateResult.Outcome.REFUSED, null, "trust refused: " + e.getMessage());
            } catch (RefusedException e) {
                return downloadRefused(state.runningVersion(), "trust", e, 0, 0, 0);
            } catch (IOException e) {
                return UpdateResult.of(UpdateResult.Outcome.FAILED, null, "trust: " + e.getMessage());
            }
            saveTrust(trust);
            if (!java.util.Arrays.equals(delegationDigest, trust.highestDelegationDigest())) {
                // new keys: a pointer verified (or cached behind an ETag) under the old ones proves nothing now
                delegationDigest = trust.highestDelegationDigest();
                lastPointer = null;
                pointerEtag = null;
            }
        }
        String key = DeviceState.channelKey(config.appId(), channel);
        ChannelMark mark = markOf(state, key);
        ChannelVerifier verifier = new ChannelVerifier(keys.channel(), config.clock(), config.appId(), channel,
                mark == null ? 0 : mark.sequence(), mark == null ? null : mark.digestBytes());
        ChannelPointer pointer;
        try {
            pointer = fetchPointer(verifier, channel);
        } catch (VerificationException e) {
            events.refused(state.runningVersion(), e);
            return UpdateResult.of(UpdateResult.Outcome.REFUSED, null, e.getMessage());
        } catch (RefusedException e) {
            return downloadRefused(state.runningVersion(), LAYOUT.channel(channel), e, 0, 0, 0);
        } catch (IOException e) {
            return UpdateResult.of(UpdateResult.Outcome.FAILED, null, e.getMessage());
        }
        Targeting.Target target = Targeting.select(pointer, config.installId(), config.nativeVersion());
        ChannelMark accepted = new ChannelMark(verifier.highestSequence(), verifier.highestDigest(),
                target == null ? null : target.version());
        state = update(s -> s.withMark(key, accepted));

        if (target == null) {
            return UpdateResult.of(UpdateResult.Outcome.NO_RELEASE, null, "channel " + channel
                    + " offers no release for native version " + config.nativeVersion());
        }
        if (belowShippedBundle(target, mark)) {
            return UpdateResult.of(UpdateResult.Outcome.NO_RELEASE, target.version(), "channel " + channel
                    + " serves " + target.version() + ", below the bundle the app shipped with ("
                    + config.shippedVersion() + "); only a signed rollback of a release at or above it goes lower");
        }
        String hash = target.bundleHash();
        if (state.current() != null && state.current().bundleHash().equals(hash)) {
            if (state.pending() != null) {
                update(s -> s.withPending(null)); // a rollback before the staged release was ever launched
            }
            return UpdateResult.of(UpdateResult.Outcome.UP_TO_DATE, target.version(), null);
        }
        if (state.pending() != null && state.pending().bundleHash().equals(hash)) {
            // staged before; the pointer may have been marked urgent since
            return UpdateResult.of(UpdateResult.Outcome.UP_TO_DATE, target.version(), null)
                    .withUrgent(target.urgent());
        }
        if (state.trial() != null && state.trial().bundle().bundleHash().equals(hash)) {
            return UpdateResult.of(UpdateResult.Outcome.UP_TO_DATE, target.version(), null);
        }
        if (state.blocked().contains(hash)) {
            return UpdateResult.of(UpdateResult.Outcome.BLOCKED, target.version(), target.version() + " (" + hash
                    + ") failed to start on this device before; waiting for a pointer naming different content");
        }
        return install(target);
    }

    private String channelOf(DeviceState state) {
        return state.channel() != null ? state.channel() : config.channel();
    }

    /** The channel's mark; a version 1 state's single sequence belongs to the configured channel. */
    private ChannelMark markOf(DeviceState state, String key) {
        ChannelMark m = state.channels().get(key);
        if (m == null && state.channel() == null) {
            m = state.channels().get(DeviceState.LEGACY_CHANNEL);
        }
        return m;
    }

    /**
     * Whether {@code target} is below the shipped bundle without being a signed rollback: the channel's previous
     * pointer chose a release at or above the shipped one for this install, and this one moves it back.
     */
    private boolean belowShippedBundle(Targeting.Target target, ChannelMark previous) {
        String floor = config.shippedVersion();
        if (floor == null || Versions.compare(target.version(), floor) >= 0) {
            return false;
        }
        boolean signedRollback = previous != null && previous.version() != null
                && Versions.compare(previous.version(), floor) >= 0
                && Versions.compare(target.version(), previous.version()) < 0;
        return !signedRollback;
    }

    private UpdateResult install(Targeting.Target target) throws IOException {
        long start = System.nanoTime();
        ReleaseDownload download = new ReleaseDownload(transport, storage, config.downloads(), events);
        String v = target.version();
        Manifest manifest;
        byte[] manifestJson;
        byte[] manifestSig;
        try {
            manifestJson = download.document(LAYOUT.manifest(v), Limits.MAX_MANIFEST_BYTES);
            manifestSig = download.document(LAYOUT.manifestSignature(v), Limits.MAX_SIGNATURE_BYTES);
            manifest = verifyManifest(target, manifestJson, manifestSig);
            download.blobs(manifest);
        } catch (VerificationException e) {
            events.downloaded(v, false, download.bytes(), elapsed(start));
            events.refused(v, e);
            return download.result(UpdateResult.Outcome.REFUSED, v, e.getMessage(), null);
        } catch (RefusedException e) {
            events.downloaded(v, false, download.bytes(), elapsed(start));
            return downloadRefused(v, download.path(), e, download.bytes(), download.fetched(), download.cached());
        } catch (IOException e) {
            events.downloaded(v, false, download.bytes(), elapsed(start));
            return download.result(UpdateResult.Outcome.FAILED, v, e.getMessage(), null);
        }
        events.downloaded(v, true, download.bytes(), elapsed(start));
        long installStart = System.nanoTime();
        try {
            if (shippedRoot == null) {
                storage.prepare(manifest, manifestJson, manifestSig);
            } else {
                storage.prepare(manifest, manifestJson, manifestSig, keys.release());
            }
        } catch (VerificationException e) {
            events.refused(v, e);
            return download.result(UpdateResult.Outcome.REFUSED, v, e.getMessage(), null);
        }
        DeviceState.Installed staged = new DeviceState.Installed(v, target.bundleHash());
        update(s -> s.withPending(staged));
        events.installed(v, elapsed(installStart));
        return download.result(UpdateResult.Outcome.STAGED, v, null, null).withUrgent(target.urgent());
    }

    private UpdateResult downloadRefused(String version, String path, RefusedException e, long bytes, int fetched,
                                         int cached) {
        events.downloadRefused(version, path, e.refusal(), e.getMessage());
        return new UpdateResult(UpdateResult.Outcome.DOWNLOAD_REFUSED, version, bytes, fetched, cached,
                e.getMessage(), e.refusal());
    }

    /**
     * The pointer, verified. A 304 reuses the pointer verified before (its expiry is checked again). A bad
     * signature is fetched again up to three times (100, 200, 400 ms apart): a CDN may briefly serve a new pointer
     * beside the old signature while a publish is in flight, and that is not an attack worth reporting.
     */
    private ChannelPointer fetchPointer(ChannelVerifier verifier, String channel)
            throws IOException, VerificationException {
        String json = LAYOUT.channel(channel);
        String sig = LAYOUT.channelSignature(channel);
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
                p = verifier.verify(r.body(), sigBytes);
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
        BundleVerifier.checkPlatform(m, config.platform(), doc);
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
}
