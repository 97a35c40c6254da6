package io.otarelease.jenkins;

import hudson.model.Action;
import hudson.model.Run;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The build page's summary of a release (summary.jelly): version, bundle hash and signing key, then each gate,
 * rollout step, canary verdict and the rollback if there was one, in the order the steps recorded them. Saved with
 * the build (plain fields: Jenkins persists actions with XStream). Holds no secret.
 *
 * Steps record from their own threads while Jenkins may be saving the build: XStream reads the fields without this
 * object's lock. So each list is copy-on-write: a field always holds a list that is never changed again (a new
 * one replaces it on each record), and a save in progress walks a consistent snapshot.
 */
public final class OtaReleaseAction implements Action {
    private String appId;
    private String version;
    private String bundleHash;
    private String keyId;
    private String algorithm;
    private int fileCount;
    private long totalBytes;
    private volatile List<Entry> gates = new ArrayList<>();
    private volatile List<Entry> rolloutSteps = new ArrayList<>();
    private volatile List<Entry> canaryVerdicts = new ArrayList<>();
    private volatile List<Entry> adoption = new ArrayList<>();
    private volatile Entry rollback;

    /** The build's OTA Release action, added on first use. */
    static OtaReleaseAction of(Run<?, ?> run) {
        OtaReleaseAction a = run.getAction(OtaReleaseAction.class);
        if (a == null) {
            a = new OtaReleaseAction();
            run.addOrReplaceAction(a);
        }
        return a;
    }

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
        gates = with(gates, e);
    }

    public synchronized void addRolloutStep(Entry e) {
        rolloutSteps = with(rolloutSteps, e);
    }

    public synchronized void addCanaryVerdict(Entry e) {
        canaryVerdicts = with(canaryVerdicts, e);
    }

    /** One adoption check after the full rollout, e.g. ("24 h", "met", "93.1% of active devices on 3.4.1"). */
    public synchronized void addAdoption(Entry e) {
        adoption = with(adoption, e);
    }

    /** A new list: the one a save may be walking is never changed. Plain ArrayList, as XStream writes it. */
    private static List<Entry> with(List<Entry> old, Entry e) {
        List<Entry> next = new ArrayList<>(old == null ? List.of() : old);
        next.add(e);
        return next;
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

    public List<Entry> getGates() {
        return view(gates);
    }

    public List<Entry> getRolloutSteps() {
        return view(rolloutSteps);
    }

    public List<Entry> getCanaryVerdicts() {
        return view(canaryVerdicts);
    }

    public List<Entry> getAdoption() {
        return view(adoption);
    }

    /** Null for a build saved before the list existed. */
    private static List<Entry> view(List<Entry> snapshot) {
        return snapshot == null ? List.of() : Collections.unmodifiableList(snapshot);
    }

    public Entry getRollback() {
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
