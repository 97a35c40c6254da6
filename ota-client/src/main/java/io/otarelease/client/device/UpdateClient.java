package io.otarelease.client.device;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.SignatureVerifier;
import io.otarelease.client.verify.Limits;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

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
 * Any failure leaves the running bundle and the state as they were. One instance per device; not for concurrent
 * {@code check()} calls (the launcher may run alongside).
 */
public final class UpdateClient {
    /** Ceiling for a channel pointer document. */
    public static final int MAX_POINTER_BYTES = 64 * 1024;
    /** Fresh fetches after a bad pointer signature before it is reported (a publish may be in flight). */
    static final int SIGNATURE_RETRIES = 3;

    private final DeviceConfig config;
    private final Transport transport;
    private final DeviceStorage storage;
    private final DeviceEvents events;
    private final SignatureVerifier signatures;
    private ChannelVerifier pointers;
    private String pointerEtag;
    private ChannelPointer lastPointer;

    public UpdateClient(DeviceConfig config, Transport transport, DeviceStorage storage, DeviceEvents events) {
        this.config = config;
        this.transport = transport;
        this.storage = storage;
        this.events = events;
        this.signatures = new SignatureVerifier(config.trusted());
    }

    public UpdateResult check() throws IOException {
        DeviceState state;
        synchronized (storage) {
            state = storage.load();
        }
        if (pointers == null || pointers.highestSequence() < state.highestSequence()) {
            pointers = new ChannelVerifier(config.trusted(), config.clock(), config.appId(), config.channel(),
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
            String dir = "releases/" + v + "/";
            manifestJson = transport.get(dir + Manifest.FILE_NAME, null, Limits.MAX_MANIFEST_BYTES).body();
            manifestSig = transport.get(dir + "manifest.sig", null, Limits.MAX_SIGNATURE_BYTES).body();
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
                byte[] blob = transport.get("blobs/sha256/" + f.sha256().substring(0, 2) + "/" + f.sha256(), null,
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
            storage.prepare(manifest, manifestJson, manifestSig);
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
        String json = "channels/" + ChannelPointer.fileName(config.channel());
        String sig = "channels/" + ChannelPointer.signatureName(config.channel());
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
        String doc = "releases/" + target.version() + "/" + Manifest.FILE_NAME;
        Manifest m;
        try {
            signatures.verify(json, SignatureEnvelope.parse(sig, "releases/" + target.version() + "/manifest.sig"), doc);
            m = Manifest.parse(json);
        } catch (JsonException e) {
            throw new VerificationException(Reason.MALFORMED, e.getMessage());
        }
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
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
