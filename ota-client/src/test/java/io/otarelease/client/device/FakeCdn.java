package io.otarelease.client.device;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store layout held in memory, with a real signing key, behind {@link Transport}: the unit tests' CDN. It records
 * every path fetched, so tests can assert what a device downloaded. (The HTTP path is tested against {@code ota
 * serve} in ota-core.)
 */
final class FakeCdn implements Transport {
    static final String APP = "com.example.shop";
    final KeyPair key = ec();
    final TrustedKeys trusted = new TrustedKeys(List.of(new TrustedKey("k1", Algorithm.ECDSA_SHA_256, key.getPublic())));
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final List<String> fetched = java.util.Collections.synchronizedList(new ArrayList<>());
    long sequence;

    /** Publishes a release of {@code files} (path → content) and returns its manifest. */
    Manifest release(String version, String minNative, Map<String, String> files) {
        List<ManifestFile> list = new ArrayList<>();
        for (var e : new TreeMap<>(files).entrySet()) {
            byte[] b = e.getValue().getBytes(StandardCharsets.UTF_8);
            String h = sha256(b);
            list.add(new ManifestFile(e.getKey(), h, b.length));
            objects.put("blobs/sha256/" + h.substring(0, 2) + "/" + h, b);
        }
        Manifest m = Manifest.of(APP, version, minNative, "2026-03-29T14:00:00Z", list, Source.NONE);
        byte[] json = m.toCanonicalBytes();
        objects.put("releases/" + version + "/manifest.json", json);
        objects.put("releases/" + version + "/manifest.sig", sign(json));
        return m;
    }

    /** Publishes a pointer serving {@code current} to {@code percent}% with {@code fallback} for the rest. */
    ChannelPointer point(Manifest current, int percent, String salt, Manifest fallback, Instant now) {
        ChannelPointer p = new ChannelPointer(APP, "production", ++sequence, now, now.plusSeconds(86_400),
                new ChannelPointer.Current(current.version(), current.bundleHash(), current.minNativeVersion(), percent, salt),
                fallback == null ? null : new ChannelPointer.Fallback(fallback.version(), fallback.bundleHash(),
                        fallback.minNativeVersion()));
        publish(p);
        return p;
    }

    void publish(ChannelPointer p) {
        byte[] json = p.toCanonicalBytes();
        objects.put("channels/production.json", json);
        objects.put("channels/production.sig", sign(json));
    }

    byte[] sign(byte[] msg) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.getPrivate());
            s.update(msg);
            return new SignatureEnvelope("k1", Algorithm.ECDSA_SHA_256, s.sign(), "2026-03-29T14:00:00Z")
                    .toCanonicalBytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Response get(String path, String ifNoneMatch, long maxBytes) throws java.io.IOException {
        fetched.add(path);
        byte[] b = objects.get(path);
        if (b == null) {
            throw new NotFoundException(path + " (404)");
        }
        String etag = "\"" + sha256(b) + "\"";
        if (etag.equals(ifNoneMatch)) {
            return new Response(null, etag, true);
        }
        if (b.length > maxBytes) {
            throw new java.io.IOException(path + " is larger than " + maxBytes);
        }
        return new Response(b.clone(), etag, false);
    }

    List<String> blobsFetched() {
        return fetched.stream().filter(p -> p.startsWith("blobs/")).toList();
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
