package io.otarelease.client.attack;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.manifest.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A release store laid out as DESIGN.md fixes it ({@code <app>/blobs|releases|channels}), written by a test the
 * way the engine writes it, with hooks to write what an attacker would: altered, foreign or replayed documents.
 */
public final class Repo {
    public static final String APP = "com.example.shop";
    public static final String CHANNEL = "production";
    public static final Instant T0 = Instant.parse("2026-03-29T14:00:00Z");

    public final Path root;
    public final TestKeys releaseKey = TestKeys.ec("ota-release");
    public final TestKeys channelKey = TestKeys.ec("ota-channel");
    private long sequence;

    public Repo(Path root) {
        this.root = root;
    }

    /** The files of a small bundle of {@code version}. */
    public static Map<String, String> files(String version) {
        Map<String, String> m = new TreeMap<>();
        m.put("index.html", "<html>" + version + "</html>\n");
        m.put("js/app.js", "console.log('" + version + "');\n");
        m.put("css/app.css", "body { margin: 0 }\n");
        return m;
    }

    /** Uploads blobs, writes the manifest and signs it with the release key. */
    public Manifest release(String appId, String version, Map<String, String> files) {
        return release(appId, version, "1.0.0", files);
    }

    /** As above, for native apps of at least {@code minNativeVersion}. */
    public Manifest release(String appId, String version, String minNativeVersion, Map<String, String> files) {
        List<ManifestFile> listed = new ArrayList<>();
        for (var e : files.entrySet()) {
            byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
            String hash = sha256(content);
            write(APP + "/blobs/sha256/" + hash.substring(0, 2) + "/" + hash, content);
            listed.add(new ManifestFile(e.getKey(), hash, content.length));
        }
        Manifest m = Manifest.of(appId, version, minNativeVersion, T0.toString(), listed, Source.NONE);
        writeManifest(version, m.toCanonicalBytes(), releaseKey);
        return m;
    }

    public Manifest release(String version) {
        return release(APP, version, files(version));
    }

    public void writeManifest(String version, byte[] manifest, TestKeys signer) {
        write(APP + "/releases/" + version + "/manifest.json", manifest);
        write(APP + "/releases/" + version + "/manifest.sig", signer.sign(manifest));
    }

    /** A pointer with the next sequence: {@code current} at {@code percent}, {@code fallback} may be null. */
    public ChannelPointer pointer(Manifest current, int percent, Manifest fallback, Instant expiresAt) {
        return pointer(CHANNEL, ++sequence, current, percent, fallback, expiresAt);
    }

    /** A pointer of any channel and sequence (the counter of {@link #CHANNEL} is not used). */
    public ChannelPointer pointer(String channel, long sequence, Manifest current, int percent, Manifest fallback,
                                  Instant expiresAt) {
        return new ChannelPointer(APP, channel, sequence, T0, expiresAt,
                new ChannelPointer.Current(current.version(), current.bundleHash(), current.minNativeVersion(),
                        percent, "salt-" + sequence + "-abcdef"),
                fallback == null ? null : new ChannelPointer.Fallback(fallback.version(), fallback.bundleHash(),
                        fallback.minNativeVersion()));
    }

    /** Publishes a pointer signed by the channel key; returns the bytes served. */
    public byte[] publish(ChannelPointer p) {
        return publish(p.channel(), p.toCanonicalBytes(), channelKey);
    }

    public byte[] publish(byte[] pointer, TestKeys signer) {
        return publish(CHANNEL, pointer, signer);
    }

    public byte[] publish(String channel, byte[] pointer, TestKeys signer) {
        write(APP + "/channels/" + channel + ".json", pointer);
        write(APP + "/channels/" + channel + ".sig", signer.sign(pointer));
        return pointer;
    }

    public byte[] read(String key) {
        try {
            return Files.readAllBytes(root.resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String key, byte[] bytes) {
        try {
            Path p = root.resolve(key);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String blobKey(String sha256) {
        return APP + "/blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
