package io.otarelease.client.layout;

import java.util.regex.Pattern;

/**
 * The paths of DESIGN.md's store layout, one place for the engine that writes them and the device that reads
 * them. {@code new StoreLayout(appId)} gives store keys ({@code <appId>/...}, the store adds its own prefix);
 * {@link #DEVICE} gives the same paths relative to an app's update URL, the form a device fetches.
 */
public final class StoreLayout {
    /** Paths relative to {@code <prefix>/<appId>/}: what a device asks its update URL for. */
    public static final StoreLayout DEVICE = new StoreLayout();

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private final String app;

    public StoreLayout(String appId) {
        this.app = appId + "/";
    }

    private StoreLayout() {
        this.app = "";
    }

    /** A file's contents, content-addressed and immutable. */
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

    /** The channel pointer, one of the only two mutable objects a device reads. */
    public String channel(String channel) {
        return app + "channels/" + channel + ".json";
    }

    public String channelSignature(String channel) {
        return app + "channels/" + channel + ".sig";
    }

    /** A trust document by its name under {@code trust/}: {@code root/<N>.json|.sig}, {@code keys.json|.sig}. */
    public String trust(String name) {
        return app + "trust/" + name;
    }

    public String trustPrefix() {
        return app + "trust/";
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
