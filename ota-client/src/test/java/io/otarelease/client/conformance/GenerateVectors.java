package io.otarelease.client.conformance;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.RsaPadding;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.KeyDelegation;
import io.otarelease.client.trust.SignatureSet;
import io.otarelease.client.trust.TrustRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the signed conformance vectors ({@code manifests.json}, {@code pointers.json}, {@code trust.json},
 * {@code manifest-platforms.json}) with
 * fresh throw-away keys; only public keys are written. Run from the repository root (docs/conformance.md):
 * <pre>
 * mvn -B -ntp -o -q -pl ota-client test-compile
 * java -cp ota-client/target/classes:ota-client/target/test-classes \
 *     io.otarelease.client.conformance.GenerateVectors conformance
 * </pre>
 * The expectations are written here by hand, case by case; the runner tests then check the Java client agrees.
 */
public final class GenerateVectors {
    static final String COMMAND = "mvn -B -ntp -o -q -pl ota-client test-compile && java -cp "
            + "ota-client/target/classes:ota-client/target/test-classes "
            + "io.otarelease.client.conformance.GenerateVectors conformance";
    static final String APP = "com.example.shop";
    static final Instant T0 = Instant.parse("2026-03-29T14:00:00Z");
    static final String SIGNED_AT = "2026-03-29T14:00:00Z";
    static final String H = "sha256:" + "ab".repeat(32);

    record Key(String id, Algorithm algorithm, KeyPair pair) {
        TrustedKey trusted() {
            return new TrustedKey(id, algorithm, pair.getPublic());
        }

        byte[] envelope(byte[] message) {
            return envelopeAs(message, algorithm).toCanonicalBytes();
        }

        SignatureEnvelope envelopeAs(byte[] message, Algorithm as) {
            try {
                Signature s = switch (as) {
                    case RSASSA_PKCS1_V1_5_SHA_256 -> Signature.getInstance("SHA256withRSA");
                    case RSASSA_PSS_SHA_256 -> {
                        Signature p = Signature.getInstance("RSASSA-PSS");
                        p.setParameter(RsaPadding.PSS_PARAMS);
                        yield p;
                    }
                    case ECDSA_SHA_256 -> Signature.getInstance("SHA256withECDSA");
                };
                s.initSign(pair.getPrivate());
                s.update(message);
                return new SignatureEnvelope(id, as, s.sign(), SIGNED_AT);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private GenerateVectors() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "conformance");
        Files.createDirectories(dir);
        write(dir.resolve("manifests.json"), manifests());
        write(dir.resolve("pointers.json"), pointers());
        write(dir.resolve("trust.json"), trust());
        write(dir.resolve(PlatformVectors.FILE), PlatformVectors.cases());
        write(dir.resolve(UrgentPointerVectors.FILE), UrgentPointerVectors.cases());
    }

    // ---- manifests -------------------------------------------------------------------------------------------

    static Map<String, Object> manifests() {
        Key ec = ec("release-ec");
        Key pkcs1 = rsa("release-rsa", Algorithm.RSASSA_PKCS1_V1_5_SHA_256);
        Key pss = rsa("release-pss", Algorithm.RSASSA_PSS_SHA_256);
        Key stranger = ec("stranger");
        TrustedKeys trusted = new TrustedKeys(List.of(ec.trusted(), pkcs1.trusted(), pss.trusted()));
        Manifest m = Manifest.of(APP, "1.2.0", "3.0.0", SIGNED_AT, List.of(
                new ManifestFile("index.html", "1".repeat(64), 120),
                new ManifestFile("js/app.js", "2".repeat(64), 5000),
                new ManifestFile("css/é.css", "3".repeat(64), 10)), Source.NONE);
        byte[] good = m.toCanonicalBytes();
        List<Object> cases = new ArrayList<>();
        cases.add(accept("ecdsa-p256", "a canonical manifest signed with ECDSA P-256", good, ec.envelope(good),
                Map.of("version", "1.2.0", "bundleHash", m.bundleHash())));
        cases.add(accept("rsa-pkcs1", "signed with RSASSA-PKCS1-v1_5 SHA-256", good, pkcs1.envelope(good),
                Map.of("version", "1.2.0", "bundleHash", m.bundleHash())));
        cases.add(accept("rsa-pss", "signed with RSASSA-PSS SHA-256, MGF1-SHA-256, salt 32", good, pss.envelope(good),
                Map.of("version", "1.2.0", "bundleHash", m.bundleHash())));
        byte[] spaced = (new String(good, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        cases.add(refuse("byte-appended", "one newline appended after signing: the signature covers exact bytes",
                spaced, ec.envelope(good), "BAD_SIGNATURE"));
        Map<String, Object> bigger = m.toJson();
        bigger.put("version", "1.2.1");
        cases.add(refuse("field-changed", "version changed after signing", canon(bigger), ec.envelope(good),
                "BAD_SIGNATURE"));
        cases.add(refuse("unknown-key", "a valid signature by a key the device does not trust", good,
                stranger.envelope(good), "UNKNOWN_KEY"));
        cases.add(refuse("algorithm-swap", "a PSS signature claimed for a key bound to PKCS#1 v1.5", good,
                pkcs1.envelopeAs(good, Algorithm.RSASSA_PSS_SHA_256).toCanonicalBytes(), "WRONG_ALGORITHM"));
        Map<String, Object> env = new LinkedHashMap<>(ec.envelopeAs(good, Algorithm.ECDSA_SHA_256).toJson());
        env.put("signature", "not base64!");
        cases.add(refuse("signature-not-base64", "the envelope's signature is not base64", good, canon(env),
                "MALFORMED"));
        env = new LinkedHashMap<>(ec.envelopeAs(good, Algorithm.ECDSA_SHA_256).toJson());
        env.put("schema", "ota-signature/2");
        cases.add(refuse("envelope-schema", "an envelope of an unknown schema", good, canon(env), "MALFORMED"));
        // validly signed, but not a manifest a builder could write: the parse after the signature refuses it
        Map<String, Object> hash = m.toJson();
        hash.put("bundleHash", H);
        signedRefusal(cases, ec, "bundle-hash-mismatch", "bundleHash does not match the listed files", hash);
        signedRefusal(cases, ec, "path-traversal", "a file path with ..", withFiles(m, List.of(
                file("../etc/passwd", "1"), file("index.html", "2"))));
        signedRefusal(cases, ec, "unsorted-files", "files not in UTF-8 byte order", withFiles(m, List.of(
                file("js/app.js", "1"), file("index.html", "2"))));
        signedRefusal(cases, ec, "duplicate-path", "one path listed twice", withFiles(m, List.of(
                file("index.html", "1"), file("index.html", "2"))));
        signedRefusal(cases, ec, "case-collision", "paths differing only by case (they collide on iOS/macOS)",
                withFiles(m, List.of(file("A.js", "1"), file("a.js", "2"))));
        Map<String, Object> version = m.toJson();
        version.put("version", "1.2");
        signedRefusal(cases, ec, "bad-version", "a version that is not major.minor.patch", version);
        Map<String, Object> schema = m.toJson();
        schema.put("schema", "ota-manifest/2");
        signedRefusal(cases, ec, "unknown-schema", "a manifest of an unknown schema", schema);
        byte[] dup = ("{\"schema\":\"ota-manifest/1\",\"schema\":\"ota-manifest/1\"}").getBytes(StandardCharsets.UTF_8);
        cases.add(refuse("duplicate-key", "a JSON object with a duplicate key, validly signed", dup, ec.envelope(dup),
                "MALFORMED"));
        return file("manifest", "BundleVerifier.verifyManifest: the signature over the exact bytes, then the "
                + "manifest's own consistency", trusted, cases);
    }

    static void signedRefusal(List<Object> cases, Key key, String id, String description, Map<String, Object> doc) {
        byte[] bytes = canon(doc);
        cases.add(refuse(id, description + " (validly signed)", bytes, key.envelope(bytes), "MALFORMED"));
    }

    static Map<String, Object> withFiles(Manifest m, List<Object> files) {
        Map<String, Object> out = m.toJson();
        out.put("files", files);
        // keep the bundle hash consistent with the listed lines, so only the rule under test is broken
        StringBuilder lines = new StringBuilder();
        for (Object o : files) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) o;
            lines.append(f.get("sha256")).append("  ").append(f.get("path")).append('\n');
        }
        out.put("bundleHash", "sha256:" + sha256Hex(lines.toString().getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    static Map<String, Object> file(String path, String digit) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", path);
        f.put("sha256", digit.repeat(64));
        f.put("size", 1L);
        return f;
    }

    // ---- channel pointers ------------------------------------------------------------------------------------

    static Map<String, Object> pointers() {
        Key channel = ec("channel-ec");
        Key stranger = ec("stranger");
        TrustedKeys trusted = new TrustedKeys(List.of(channel.trusted()));
        ChannelPointer p = new ChannelPointer(APP, "production", 7, T0, T0.plusSeconds(7 * 86400),
                new ChannelPointer.Current("1.2.0", H, "3.0.0", 5, "salt-0001"),
                new ChannelPointer.Fallback("1.1.0", "sha256:" + "cd".repeat(32), null));
        byte[] good = p.toCanonicalBytes();
        Map<String, Object> ctx = context(APP, "production", 6, "2026-03-30T00:00:00Z");
        List<Object> cases = new ArrayList<>();
        cases.add(pointerCase(accept("valid", "a signed pointer, newer than the highest seen, not expired", good,
                channel.envelope(good), Map.of("sequence", 7L, "currentVersion", "1.2.0", "percent", 5L)), ctx));
        cases.add(pointerCase(accept("same-sequence-again", "the highest sequence seen may be read again", good,
                channel.envelope(good), Map.of("sequence", 7L, "currentVersion", "1.2.0", "percent", 5L)),
                context(APP, "production", 7, "2026-03-30T00:00:00Z")));
        Map<String, Object> wider = p.toJson();
        @SuppressWarnings("unchecked")
        Map<String, Object> cur = new LinkedHashMap<>((Map<String, Object>) wider.get("current"));
        cur.put("percent", 100L);
        wider.put("current", cur);
        cases.add(pointerCase(refuse("percent-changed", "percent widened after signing", canon(wider),
                channel.envelope(good), "BAD_SIGNATURE"), ctx));
        cases.add(pointerCase(refuse("unknown-key", "signed by a key the device does not trust", good,
                stranger.envelope(good), "UNKNOWN_KEY"), ctx));
        cases.add(pointerCase(refuse("replayed-older", "sequence 7 after the device saw 8", good,
                channel.envelope(good), "ROLLBACK"), context(APP, "production", 8, "2026-03-30T00:00:00Z")));
        cases.add(pointerCase(refuse("expired", "now is the expiry instant", good, channel.envelope(good),
                "EXPIRED"), context(APP, "production", 6, T0.plusSeconds(7 * 86400).toString())));
        cases.add(pointerCase(refuse("other-channel", "a valid beta pointer served as production", good,
                channel.envelope(good), "MISMATCH"), context(APP, "beta", 0, "2026-03-30T00:00:00Z")));
        cases.add(pointerCase(refuse("other-app", "a valid pointer of another app", good, channel.envelope(good),
                "MISMATCH"), context("com.example.other", "production", 0, "2026-03-30T00:00:00Z")));
        Map<String, Object> over = p.toJson();
        cur = new LinkedHashMap<>(cur);
        cur.put("percent", 101L);
        over.put("current", cur);
        byte[] overBytes = canon(over);
        cases.add(pointerCase(refuse("percent-101", "percent above 100, validly signed", overBytes,
                channel.envelope(overBytes), "MALFORMED"), ctx));
        Map<String, Object> salt = p.toJson();
        cur = new LinkedHashMap<>(cur);
        cur.put("percent", 5L);
        cur.put("salt", "short");
        salt.put("current", cur);
        byte[] saltBytes = canon(salt);
        cases.add(pointerCase(refuse("salt-too-short", "a salt of fewer than 8 characters, validly signed",
                saltBytes, channel.envelope(saltBytes), "MALFORMED"), ctx));
        return file("pointer", "ChannelVerifier.verify with the case's context: the signature over the exact "
                + "bytes, then app and channel, sequence (anti-rollback) and expiry", trusted, cases);
    }

    static Map<String, Object> context(String app, String channel, long highest, String now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("appId", app);
        c.put("channel", channel);
        c.put("highestSequence", highest);
        c.put("now", now);
        return c;
    }

    static Map<String, Object> pointerCase(Map<String, Object> c, Map<String, Object> context) {
        c.put("context", context);
        return c;
    }

    // ---- trust documents -------------------------------------------------------------------------------------

    static Map<String, Object> trust() {
        Key r1 = ec("root-1");
        Key r2 = ec("root-2");
        Key r3 = ec("root-3");
        Key r4 = ec("root-4");
        Key release = ec("release-1");
        Key channel = ec("channel-1");
        TrustRoot v1 = new TrustRoot(APP, 1, T0, T0.plusSeconds(365 * 86400L), 2,
                new TrustedKeys(List.of(r1.trusted(), r2.trusted(), r3.trusted())));
        TrustRoot v2 = new TrustRoot(APP, 2, T0, T0.plusSeconds(2 * 365 * 86400L), 2,
                new TrustedKeys(List.of(r2.trusted(), r3.trusted(), r4.trusted())));
        byte[] v2Bytes = v2.toCanonicalBytes();
        List<Object> cases = new ArrayList<>();
        cases.add(trustCase("root", accept("root-v2", "root v2 signed by 2 of v1's keys and 2 of its own", v2Bytes,
                sigs(v2Bytes, r1, r2, r4), Map.of("version", 2L)), 0));
        cases.add(trustCase("root", refuse("root-v2-one-old-signature", "only 1 of v1's keys signed (threshold 2)",
                v2Bytes, sigs(v2Bytes, r1, r4), "BAD_SIGNATURE"), 0));
        cases.add(trustCase("root", refuse("root-v2-not-self-signed", "2 of v1's keys but only 1 of v2's own",
                v2Bytes, sigs(v2Bytes, r1, r2), "BAD_SIGNATURE"), 0));
        cases.add(trustCase("root", refuse("root-v2-outsider-signatures", "signatures by keys outside the root count "
                + "for nothing", v2Bytes, sigs(v2Bytes, r4, ec("outsider")), "BAD_SIGNATURE"), 0));
        TrustRoot v3 = new TrustRoot(APP, 3, T0, T0.plusSeconds(365 * 86400L), 2, v1.keys());
        byte[] v3Bytes = v3.toCanonicalBytes();
        cases.add(trustCase("root", refuse("root-skips-a-version", "root v3 offered to a device on v1", v3Bytes,
                sigs(v3Bytes, r1, r2), "ROLLBACK"), 0));
        TrustRoot other = new TrustRoot("com.example.other", 2, T0, T0.plusSeconds(365 * 86400L), 2, v1.keys());
        byte[] otherBytes = other.toCanonicalBytes();
        cases.add(trustCase("root", refuse("root-other-app", "root v2 of another app", otherBytes,
                sigs(otherBytes, r1, r2), "MISMATCH"), 0));

        KeyDelegation d = new KeyDelegation(APP, 4, T0, T0.plusSeconds(90 * 86400L),
                new TrustedKeys(List.of(release.trusted())), new TrustedKeys(List.of(channel.trusted())), List.of());
        byte[] dBytes = canon(d.toJson());
        cases.add(trustCase("delegation", accept("delegation", "keys.json signed by 2 of root v1's keys", dBytes,
                sigs(dBytes, r1, r3), Map.of("version", 4L, "releaseKeys", List.of("release-1"),
                        "channelKeys", List.of("channel-1"))), 3));
        cases.add(trustCase("delegation", refuse("delegation-one-signature", "1 signature where 2 are needed", dBytes,
                sigs(dBytes, r1), "BAD_SIGNATURE"), 3));
        cases.add(trustCase("delegation", refuse("delegation-replayed-older", "version 4 after the device saw 5",
                dBytes, sigs(dBytes, r1, r2), "ROLLBACK"), 5));
        KeyDelegation old = new KeyDelegation(APP, 4, T0.minusSeconds(10 * 86400L), T0.minusSeconds(86400),
                d.release(), d.channel(), List.of());
        byte[] oldBytes = canon(old.toJson());
        cases.add(trustCase("delegation", refuse("delegation-expired", "a delegation that expired a day before now",
                oldBytes, sigs(oldBytes, r1, r2), "EXPIRED"), 0));
        Map<String, Object> changed = d.toJson();
        changed.put("version", 9L);
        cases.add(trustCase("delegation", refuse("delegation-changed", "version changed after signing",
                canon(changed), sigs(dBytes, r1, r2), "BAD_SIGNATURE"), 0));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", Vectors.SCHEMA);
        out.put("kind", "trust");
        out.put("checks", "TrustUpdater with the shipped root v1 (context.root), acceptRoot for step \"root\" and "
                + "acceptDelegation for step \"delegation\", at context.now");
        out.put("generatedBy", COMMAND);
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("root", new String(v1.toCanonicalBytes(), StandardCharsets.UTF_8));
        ctx.put("now", "2026-03-30T00:00:00Z");
        out.put("context", ctx);
        out.put("cases", cases);
        return out;
    }

    static Map<String, Object> trustCase(String step, Map<String, Object> c, long highestDelegationVersion) {
        c.put("step", step);
        c.put("highestDelegationVersion", highestDelegationVersion);
        return c;
    }

    static byte[] sigs(byte[] doc, Key... keys) {
        SignatureSet set = SignatureSet.empty();
        for (Key k : keys) {
            set = set.with(k.envelopeAs(doc, k.algorithm()));
        }
        return set.toCanonicalBytes();
    }

    // ---- shared ----------------------------------------------------------------------------------------------

    static Map<String, Object> accept(String id, String description, byte[] doc, byte[] sig, Map<String, Object> result) {
        Map<String, Object> c = base(id, description, doc, sig);
        c.put("expect", "accept");
        c.put("result", new LinkedHashMap<>(result));
        return c;
    }

    static Map<String, Object> refuse(String id, String description, byte[] doc, byte[] sig, String reason) {
        Map<String, Object> c = base(id, description, doc, sig);
        c.put("expect", "refuse");
        c.put("reason", reason);
        return c;
    }

    private static Map<String, Object> base(String id, String description, byte[] doc, byte[] sig) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("description", description);
        c.put("document", new String(doc, StandardCharsets.UTF_8));
        c.put("signature", new String(sig, StandardCharsets.UTF_8));
        return c;
    }

    static Map<String, Object> file(String kind, String checks, TrustedKeys trusted, List<Object> cases) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", Vectors.SCHEMA);
        out.put("kind", kind);
        out.put("checks", checks);
        out.put("generatedBy", COMMAND);
        out.put("trustedKeys", trusted.toJson());
        out.put("cases", cases);
        return out;
    }

    static byte[] canon(Map<String, Object> m) {
        return CanonicalJson.bytes(m);
    }

    static String sha256Hex(byte[] b) {
        try {
            return io.otarelease.client.bytes.Bytes.hex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Key ec(String id) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return new Key(id, Algorithm.ECDSA_SHA_256, g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Key rsa(String id, Algorithm algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return new Key(id, algorithm, g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pretty-prints for review; the exact bytes under test are the strings inside, not this layout. */
    static void write(Path file, Map<String, Object> doc) throws java.io.IOException {
        Files.writeString(file, Vectors.pretty(doc, "") + "\n");
    }
}
