package io.otarelease.jenkins;

import hudson.model.Action;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The build page's summary of a release (summary.jelly): version, bundle hash and signing key, then each gate,
 * rollout step, canary verdict and the rollback if there was one, in the order the steps recorded them. Saved with
 * the build (plain fields: Jenkins persists actions with XStream). Holds no secret.
 */
public final class OtaReleaseAction implements Action {
    private String appId;
    private String version;
    private String bundleHash;
    private String keyId;
    private String algorithm;
    private int fileCount;
    private long totalBytes;
    private final List<Entry> gates = new ArrayList<>();
    private final List<Entry> rolloutSteps = new ArrayList<>();
    private final List<Entry> canaryVerdicts = new ArrayList<>();
    private Entry rollback;

    /** One line of the summary: what happened and its outcome, e.g. ("gate bundle-size", "passed", "812 KB"). */
    public static final class Entry implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String outcome;
        private final String detail;

        public Entry(String name, String outcome, String detail) {
            this.name = name;
            this.outcome = outcome;
            this.detail = detail;
        }

        public String getName() {
            return name;
        }

        public String getOutcome() {
            return outcome;
        }

        public String getDetail() {
            return detail;
        }

        @Override
        public String toString() {
            return name + ": " + outcome + (detail == null ? "" : " (" + detail + ")");
        }
    }

    public synchronized void recordSigned(SignFlow.Outcome o) {
        appId = o.appId();
        version = o.version();
        bundleHash = o.bundleHash();
        keyId = o.keyId();
        algorithm = o.algorithm();
        fileCount = o.fileCount();
        totalBytes = o.totalBytes();
    }

    /**
     * A release this build staged or promoted without signing it (a separate promotion job): its identity, unless
     * otaSign already recorded one.
     */
    public synchronized void recordRelease(String appId, String version, String bundleHash) {
        if (this.version == null) {
            this.appId = appId;
            this.version = version;
            this.bundleHash = bundleHash;
        }
    }

    public synchronized void addGate(Entry e) {
        gates.add(e);
    }

    public synchronized void addRolloutStep(Entry e) {
        rolloutSteps.add(e);
    }

    public synchronized void addCanaryVerdict(Entry e) {
        canaryVerdicts.add(e);
    }

    public synchronized void recordRollback(Entry e) {
        rollback = e;
    }

    public synchronized String getAppId() {
        return appId;
    }

    public synchronized String getVersion() {
        return version;
    }

    public synchronized String getBundleHash() {
        return bundleHash;
    }

    public synchronized String getKeyId() {
        return keyId;
    }

    public synchronized String getAlgorithm() {
        return algorithm;
    }

    public synchronized int getFileCount() {
        return fileCount;
    }

    public synchronized long getTotalBytes() {
        return totalBytes;
    }

    public synchronized List<Entry> getGates() {
        return List.copyOf(gates);
    }

    public synchronized List<Entry> getRolloutSteps() {
        return List.copyOf(rolloutSteps);
    }

    public synchronized List<Entry> getCanaryVerdicts() {
        return List.copyOf(canaryVerdicts);
    }

    public synchronized Entry getRollback() {
        return rollback;
    }

    /** No sidebar link: the summary on the build page is the whole view. */
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "OTA Release";
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
