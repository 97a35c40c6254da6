package io.otarelease.core.release;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedDocument;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoreConflictException;
import io.otarelease.core.store.StoredObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The signed pointer of one channel in a production store.
 *
 * <p>Publishing writes {@code <channel>.json} with compare-and-swap against the version that was read (two racing
 * promotions: one wins, the other changes nothing), then {@code <channel>.sig}. Between the two writes, or if the
 * second fails, devices see a pointer whose signature does not verify and keep what they run; re-running the same
 * command re-signs exactly the stored bytes when they say what the command wants ({@link #matches}).
 */
public final class ChannelStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Store store;
    private final StoreLayout layout;
    private final String appId;
    private final String channel;
    private final TrustedKeys trusted;

    public ChannelStore(Store store, String appId, String channel, TrustedKeys trusted) {
        this.store = store;
        this.layout = new StoreLayout(appId);
        this.appId = appId;
        this.channel = channel;
        this.trusted = trusted;
    }

    /**
     * What the store holds now.
     *
     * @param pointer the parsed pointer, or null when the channel has none
     * @param problem why its signature does not verify, or null when it does
     */
    public record State(ChannelPointer pointer, byte[] bytes, String etag, String sigEtag, String problem) {
        public boolean exists() {
            return pointer != null;
        }

        public long sequence() {
            return pointer == null ? 0 : pointer.sequence();
        }

        public boolean signed() {
            return problem == null;
        }
    }

    public String jsonKey() {
        return layout.channel(channel);
    }

    public String sigKey() {
        return layout.channelSignature(channel);
    }

    public List<String> objectKeys() {
        return List.of(jsonKey(), sigKey());
    }

    public State read() {
        Optional<StoredObject> json = store.get(jsonKey());
        if (json.isEmpty()) {
            return new State(null, null, null, store.get(sigKey()).map(StoredObject::etag).orElse(null), null);
        }
        Optional<StoredObject> sig = store.get(sigKey());
        ChannelPointer p;
        try {
            p = ChannelPointer.parse(json.get().bytes(), store.url() + jsonKey());
        } catch (JsonException e) {
            throw new OtaException.CheckFailed("the channel pointer is damaged: " + e.getMessage());
        }
        if (!p.appId().equals(appId) || !p.channel().equals(channel)) {
            throw new OtaException.CheckFailed(store.url() + jsonKey() + " is for app " + p.appId() + " channel "
                    + p.channel());
        }
        String problem = null;
        if (sig.isEmpty()) {
            problem = store.url() + sigKey() + " is missing";
        } else {
            try {
                VerifiedDocument.check(json.get().bytes(), sig.get().bytes(), trusted, store.url() + jsonKey(),
                        store.url() + sigKey());
            } catch (VerificationException e) {
                problem = e.getMessage();
            }
        }
        return new State(p, json.get().bytes(), json.get().etag(), sig.map(StoredObject::etag).orElse(null), problem);
    }

    /** Refuses to build on a pointer whose signature does not verify (unless it is the re-run case). */
    public static void requireSigned(State s, String what) {
        if (!s.signed()) {
            throw new OtaException.CheckFailed("cannot " + what + ": the current channel pointer does not verify ("
                    + s.problem() + "). An interrupted command leaves this; re-run it with the same arguments, or "
                    + "restore a signed pointer");
        }
    }

    /** Whether the stored pointer already serves {@code version} of {@code bundleHash} at {@code percent}. */
    public static boolean matches(State s, String version, String bundleHash, Percent percent) {
        return s.exists() && s.pointer().current().version().equals(version)
                && s.pointer().current().bundleHash().equals(bundleHash) && s.pointer().current().percent() == percent.value();
    }

    /**
     * Signs {@code next} and publishes it over {@code previous}. Nothing is written when signing fails, when the
     * signature would not verify with the trusted keys, or when another writer changed the pointer since it was
     * read. Pointer changes go through {@link ChannelHistory#publish}, which records them first.
     */
    public void publish(State previous, ChannelPointer next, SigningService signing) {
        byte[] bytes = next.toCanonicalBytes();
        write(previous, bytes, sign(bytes, signing, previous));
    }

    /** Signs pointer bytes with the channel signer; refuses a signature devices would not accept. */
    byte[] signPointer(byte[] bytes, SigningService signing, State previous) {
        return sign(bytes, signing, previous);
    }

    /** Writes signed pointer bytes over {@code previous} (compare-and-swap), then their signature. */
    void write(State previous, byte[] bytes, byte[] sig) {
        try {
            store.putIfMatch(jsonKey(), Body.of(bytes), previous.etag());
        } catch (StoreConflictException e) {
            throw new StoreConflictException("channel " + channel + " of " + appId + " was changed by someone else "
                    + "while this command ran (it read sequence " + previous.sequence() + "); nothing was changed by "
                    + "this command. Check `ota channel show` and re-run if still wanted");
        }
        writeSignature(sig, previous.sigEtag());
    }

    /** Finishes an interrupted publish: signs exactly the stored bytes and writes the signature beside them. */
    public void repairSignature(State s, SigningService signing) {
        byte[] sig = sign(s.bytes(), signing, s);
        writeSignature(sig, s.sigEtag());
    }

    void writeSignature(byte[] sig, String sigEtag) {
        try {
            store.putIfMatch(sigKey(), Body.of(sig), sigEtag);
        } catch (StoreConflictException e) {
            throw new StoreConflictException("channel " + channel + ": " + sigKey() + " was changed by someone else "
                    + "after this command wrote the pointer; re-run the command to re-sign it");
        }
    }

    private byte[] sign(byte[] bytes, SigningService signing, State previous) {
        SignatureEnvelope envelope;
        try {
            envelope = signing.sign(bytes, jsonKey());
        } catch (RuntimeException e) {
            throw new OtaException.Infrastructure("the signer (" + signing.signer().describe() + ") could not sign "
                    + "the channel pointer: " + e.getMessage() + ". Nothing was published; channel " + channel
                    + " is unchanged at sequence " + previous.sequence(), e);
        }
        try {
            VerifiedDocument.check(bytes, envelope, trusted, jsonKey());
        } catch (VerificationException e) {
            throw new OtaException.BadInput("devices would refuse this pointer: " + e.getMessage() + ". Add key \""
                    + envelope.keyId() + "\" to the trusted keys (and ship it in the app) before signing channels "
                    + "with it. Nothing was published");
        }
        return envelope.toCanonicalBytes();
    }

    /** A fresh rollout salt: 16 random bytes, base64url. A new release draws a new set of installs. */
    public static String newSalt() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
