package io.otarelease.core.release;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.verify.SignatureVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.StoreConflictException;
import io.otarelease.core.store.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The signed history of one channel ({@code history/<channel>.json}): every pointer the engine published, in order,
 * with what it served and what it quarantined, signed as a whole with the channel signer. It is the only state the
 * engine builds on: the rollback target, the fallback of a new rollout and the quarantine come from here, never
 * from the unsigned registry, and the stored pointer must be the one its latest entry names.
 *
 * <p>A change is recorded before it is published: sign the pointer, sign the history with the new entry (and the
 * pointer's bytes and signature), write the history compare-and-swap, then the pointer. A run cut off after the
 * history write is finished by re-running the same command, which writes the recorded pointer; any other command
 * refuses. A store writer can only put back an older signed history together with its own pointer (see
 * docs/security.md, "store writer").
 */
public final class ChannelHistory {
    public static final String SCHEMA = "ota-channel-history/1";
    public static final String SIGNED_SCHEMA = "ota-signed-document/1";

    /** One published pointer. {@code pointer} is {@code sha256:<hex>} of its exact bytes. */
    public record Entry(long sequence, String action, String at, String actor, String pointer, String version,
                        String bundleHash, String minNativeVersion, int percent, ChannelPointer.Fallback fallback,
                        String quarantined, String reason) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sequence", sequence);
            m.put("action", action);
            m.put("at", at);
            m.put("actor", actor);
            m.put("pointer", pointer);
            m.put("version", version);
            m.put("bundleHash", bundleHash);
            if (minNativeVersion != null) {
                m.put("minNativeVersion", minNativeVersion);
            }
            m.put("percent", (long) percent);
            if (fallback != null) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("version", fallback.version());
                f.put("bundleHash", fallback.bundleHash());
                if (fallback.minNativeVersion() != null) {
                    f.put("minNativeVersion", fallback.minNativeVersion());
                }
                m.put("fallback", f);
            }
            if (quarantined != null) {
                m.put("quarantined", quarantined);
            }
            if (reason != null) {
                m.put("reason", reason);
            }
            return m;
        }

        static Entry parse(JsonFields f) {
            JsonFields fb = f.optObject("fallback");
            try {
                return new Entry(f.integer("sequence", 1, Long.MAX_VALUE), f.string("action"), f.string("at"),
                        f.string("actor"), f.string("pointer"), f.string("version"), f.string("bundleHash"),
                        f.optString("minNativeVersion"), (int) f.integer("percent", 1, 100), fb == null ? null
                        : new ChannelPointer.Fallback(fb.string("version"), fb.string("bundleHash"),
                                fb.optString("minNativeVersion")), f.optString("quarantined"), f.optString("reason"));
            } catch (IllegalArgumentException e) {
                throw f.fail("fallback", e.getMessage());
            }
        }

        /** What an operator reads: "promote 2.0.0 at 100% (sequence 7, by ci at 2026-...)". */
        public String describe() {
            return action + " " + version + " at " + percent + "% (sequence " + sequence + ", by " + actor + " at "
                    + at + ")";
        }
    }

    /**
     * The stored history, verified. Empty (no entries, null etag) when the channel has none.
     *
     * @param pointer the exact bytes of the latest entry's pointer and {@code signature} its envelope, so that a
     *                cut-off publish can be finished without signing again
     */
    public record Doc(List<Entry> entries, byte[] pointer, byte[] signature, String etag) {
        public Doc {
            entries = List.copyOf(entries);
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }

        public Entry head() {
            return entries.get(entries.size() - 1);
        }

        /** Every release a signed rollback quarantined. */
        public Set<String> quarantined() {
            Set<String> q = new TreeSet<>();
            entries.stream().map(Entry::quarantined).filter(v -> v != null).forEach(q::add);
            return q;
        }

        /**
         * The newest release served to the whole channel (at 100%, or as the fallback every device outside a
         * rollout kept), other than {@code excluding} and never a quarantined one. Empty when there is none: then
         * devices outside a rollout keep the bundle built into the app.
         */
        public Optional<ChannelPointer.Fallback> servedToAll(String excluding) {
            Set<String> q = quarantined();
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry e = entries.get(i);
                ChannelPointer.Fallback f = e.percent() == 100
                        ? new ChannelPointer.Fallback(e.version(), e.bundleHash(), e.minNativeVersion()) : e.fallback();
                if (f != null && !f.version().equals(excluding) && !q.contains(f.version())) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    private final ReleaseContext ctx;
    private final String key;

    public ChannelHistory(ReleaseContext ctx) {
        this.ctx = ctx;
        this.key = new StoreLayout(ctx.appId()).channelHistory(ctx.channel());
    }

    public String key() {
        return key;
    }

    private String where() {
        return ctx.production().url() + key;
    }

    /** Reads and verifies the history; refuses (exit 1) one whose signature or content does not hold. */
    public Doc read() {
        Optional<StoredObject> o = ctx.production().get(key);
        if (o.isEmpty()) {
            return new Doc(List.of(), null, null, null);
        }
        try {
            JsonFields signed = JsonFields.parse(o.get().bytes(), where());
            signed.expect("schema", SIGNED_SCHEMA);
            byte[] payload = base64(signed, "document");
            SignatureEnvelope env = SignatureEnvelope.parse(base64(signed, "signature"), where() + " signature");
            new SignatureVerifier(ctx.trusted()).verify(payload, env, where());
            JsonFields doc = JsonFields.parse(payload, where());
            doc.expect("schema", SCHEMA);
            doc.expect("appId", ctx.appId());
            doc.expect("channel", ctx.channel());
            List<Entry> entries = new ArrayList<>();
            for (JsonFields f : doc.objects("entries")) {
                Entry e = Entry.parse(f);
                if (!entries.isEmpty() && e.sequence() <= entries.get(entries.size() - 1).sequence()) {
                    throw f.fail("sequence", "does not follow the entry before it");
                }
                entries.add(e);
            }
            JsonFields latest = doc.object("latest");
            byte[] pointer = base64(latest, "pointer");
            if (entries.isEmpty() || !digest(pointer).equals(entries.get(entries.size() - 1).pointer())) {
                throw latest.fail("pointer", "is not the pointer of the latest entry");
            }
            return new Doc(entries, pointer, base64(latest, "signature"), o.get().etag());
        } catch (JsonException | VerificationException e) {
            throw new OtaException.CheckFailed("the signed history of channel " + ctx.channel() + " does not verify ("
                    + e.getMessage() + "): someone who can write to the store changed it. Restore it from a backup or "
                    + "the store's object versions; nothing was changed");
        }
    }

    /** What {@link #reconcile} had to write to make the store hold the recorded pointer. */
    public enum Finished {
        NOTHING, SIGNATURE, POINTER
    }

    /**
     * Checks the stored pointer against the history before anything builds on it. When the pointer is not the one
     * the latest entry names, only a re-run of the command that entry records ({@code sameCommand}) may go on: it
     * writes the recorded pointer (signed when it was recorded). The recorded pointer without its signature (a run
     * cut off between the two writes) gets the recorded signature. Anything else is refused, naming what was
     * expected and what was found.
     */
    public Finished reconcile(Doc doc, ChannelStore channel, ChannelStore.State state, Predicate<Entry> sameCommand) {
        if (doc.isEmpty()) {
            if (!state.exists()) {
                return Finished.NOTHING; // a new channel
            }
            throw new OtaException.CheckFailed("channel " + ctx.channel() + " of " + ctx.appId() + " has a pointer "
                    + "(sequence " + state.sequence() + ") but no signed history at " + where() + ": it was deleted "
                    + "by someone who can write to the store, or the channel was published before histories "
                    + "existed. Check the pointer with `ota channel show`, then start the history from it with "
                    + "`ota channel refresh --start-history`. Nothing was changed");
        }
        Entry head = doc.head();
        String found = state.exists() ? digest(state.bytes()) : null;
        if (head.pointer().equals(found)) {
            if (state.signed()) {
                return Finished.NOTHING;
            }
            channel.writeSignature(doc.signature(), state.sigEtag()); // cut off between the pointer and its signature
            return Finished.SIGNATURE;
        }
        // never write the recorded pointer over a later one: that would be the history rolled back, not the pointer
        if (state.sequence() < head.sequence() && sameCommand.test(head)) {
            channel.write(state, doc.pointer(), doc.signature()); // re-publish what was signed and recorded
            return Finished.POINTER;
        }
        if (state.sequence() >= head.sequence()) {
            throw new OtaException.CheckFailed("channel " + ctx.channel() + " of " + ctx.appId() + ": the store "
                    + "holds the pointer of sequence " + state.sequence() + " (" + found + ") but the signed history "
                    + where() + " ends at sequence " + head.sequence() + " (" + head.pointer() + ", "
                    + head.describe() + "): someone who can write to the store put back an older history, or wrote "
                    + "a pointer the engine did not record. Restore the history from a backup or the store's object "
                    + "versions; nothing was changed");
        }
        throw new OtaException.CheckFailed("channel " + ctx.channel() + " of " + ctx.appId() + ": expected the "
                + "pointer of sequence " + head.sequence() + " (" + head.pointer() + ", " + head.describe()
                + ") that the signed history " + where() + " records last, but the store holds "
                + (state.exists() ? "sequence " + state.sequence() + " (" + found + ")" : "no pointer") + ". "
                + "Either that run was cut off before it wrote the pointer, or someone who can write to the store "
                + "put another pointer there. Re-run `" + command(head) + "` to publish the recorded pointer; "
                + "nothing was changed");
    }

    /** The command that re-publishes an entry's pointer. */
    static String command(Entry e) {
        return switch (e.action()) {
            case "promote" -> "ota promote " + e.version() + " --percent " + e.percent();
            case "rollback" -> "ota rollback --to-version " + e.version();
            default -> "ota channel refresh";
        };
    }

    /**
     * Records {@code next} in the history, then publishes it: sign the pointer, sign the history with its entry,
     * write the history compare-and-swap, write the pointer. Nothing is written when either signature fails.
     */
    public void publish(Doc doc, ChannelStore channel, ChannelStore.State state, ChannelPointer next, String action,
                        String quarantined, String reason) {
        byte[] bytes = next.toCanonicalBytes();
        byte[] sig = channel.signPointer(bytes, ctx.signing(), state);
        writeHistory(doc, entry(next, bytes, action, quarantined, reason), bytes, sig, state.sequence());
        channel.write(state, bytes, sig);
    }

    /**
     * Starts the history of a channel published before histories existed: the stored pointer, which must verify,
     * becomes its first entry. The operator vouches for it ({@code --start-history}); returns the new history.
     */
    public Doc start(ChannelStore.State state) {
        ChannelStore.requireSigned(state, "start the history of channel " + ctx.channel());
        Optional<StoredObject> sig = ctx.production().get(new StoreLayout(ctx.appId())
                .channelSignature(ctx.channel()));
        writeHistory(new Doc(List.of(), null, null, null), entry(state.pointer(), state.bytes(), "adopt", null,
                "history started from the stored pointer"), state.bytes(), sig.orElseThrow().bytes(), state.sequence());
        return read();
    }

    private Entry entry(ChannelPointer p, byte[] bytes, String action, String quarantined, String reason) {
        String at = ctx.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        ChannelPointer.Current c = p.current();
        return new Entry(p.sequence(), action, at, ctx.actor(), digest(bytes), c.version(), c.bundleHash(),
                c.minNativeVersion(), c.percent(), p.fallback(), quarantined, reason);
    }

    private void writeHistory(Doc doc, Entry entry, byte[] pointer, byte[] pointerSig, long readSequence) {
        List<Object> list = new ArrayList<>();
        doc.entries().forEach(e -> list.add(e.toJson()));
        list.add(entry.toJson());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("appId", ctx.appId());
        m.put("channel", ctx.channel());
        m.put("entries", list);
        m.put("latest", Map.of("pointer", b64(pointer), "signature", b64(pointerSig)));
        byte[] payload = CanonicalJson.bytes(m);
        SignatureEnvelope env;
        try {
            env = ctx.signing().sign(payload, key);
        } catch (RuntimeException e) {
            throw new OtaException.Infrastructure("the signer (" + ctx.signing().signer().describe() + ") could not "
                    + "sign the channel history: " + e.getMessage() + ". Nothing was published; channel "
                    + ctx.channel() + " is unchanged at sequence " + readSequence, e);
        }
        try {
            new SignatureVerifier(ctx.trusted()).verify(payload, env, key);
        } catch (VerificationException e) {
            throw new OtaException.BadInput("the channel history would not verify: " + e.getMessage() + ". Add key \""
                    + env.keyId() + "\" to the trusted keys. Nothing was published");
        }
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("schema", SIGNED_SCHEMA);
        signed.put("document", b64(payload));
        signed.put("signature", b64(env.toCanonicalBytes()));
        try {
            ctx.production().putIfMatch(key, Body.of(CanonicalJson.bytes(signed)), doc.etag());
        } catch (StoreConflictException e) {
            throw new StoreConflictException("channel " + ctx.channel() + " of " + ctx.appId() + " was changed by "
                    + "someone else while this command ran (its history " + key + " moved on from sequence "
                    + readSequence + "); nothing was changed by this command. Check `ota channel show` and re-run "
                    + "if still wanted");
        }
    }

    static String digest(byte[] bytes) {
        return "sha256:" + Stager.sha256(bytes);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] base64(JsonFields f, String k) {
        try {
            return Base64.getDecoder().decode(f.string(k).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw f.fail(k, "is not base64");
        }
    }
}
