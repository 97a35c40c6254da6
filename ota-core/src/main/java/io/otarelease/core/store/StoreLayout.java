package io.otarelease.core.store;

import java.util.regex.Pattern;

/** The keys of DESIGN.md's store layout for one app. Every key a release touches is built here. */
public final class StoreLayout {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private final String app;

    public StoreLayout(String appId) {
        this.app = appId + "/";
    }

    public String blob(String sha256) {
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
        }
        return app + "blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    public String blobsPrefix() {
        return app + "blobs/sha256/";
    }

    public String manifest(String version) {
        return app + "releases/" + version + "/manifest.json";
    }

    public String manifestSignature(String version) {
        return app + "releases/" + version + "/manifest.sig";
    }

    public String channel(String channel) {
        return app + "channels/" + channel + ".json";
    }

    public String channelSignature(String channel) {
        return app + "channels/" + channel + ".sig";
    }

    public String registry() {
        return app + "registry.json";
    }

    public String audit(String timestamp, long sequence) {
        return app + "audit/" + timestamp + "-" + sequence + ".json";
    }

    public String auditPrefix() {
        return app + "audit/";
    }

    /** The signed history of a channel's pointers (engine-side state; devices never read it). */
    public String channelHistory(String channel) {
        return app + "history/" + channel + ".json";
    }

    /** Where gc and promotions announce themselves to each other ({@code release.GcLease}). */
    public String leasesPrefix() {
        return app + "leases/";
    }

    public String gcLease() {
        return leasesPrefix() + "gc.json";
    }
}
