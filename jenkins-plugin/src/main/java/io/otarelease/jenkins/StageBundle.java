package io.otarelease.jenkins;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Stager;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.Stores;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent that holds the signed bundle: verifies it as a device would, then uploads to the staging store
 * only the files the store lacks (ota-core's {@link Stager}: blobs, signature, manifest, registry entry, in an order
 * that never leaves a half-staged release). The store is reached with the agent's own access (its AWS role or
 * environment): no controller secret travels to the agent. An abort interrupts this thread, so no further upload
 * starts; a re-run uploads only what is still missing.
 */
public final class StageBundle extends MasterToSlaveFileCallable<StageBundle.Outcome> {
    private static final long serialVersionUID = 1L;

    private final ReleaseTarget target;
    private final String dir;
    private final TaskListener listener;

    /** @param listener the build log (a remote proxy on an agent) for progress, or null */
    public StageBundle(ReleaseTarget target, String dir, TaskListener listener) {
        this.target = target;
        this.dir = dir;
        this.listener = listener;
    }

    public record Outcome(String appId, String version, String bundleHash, int files, int filesUploaded,
                          long bytesUploaded, boolean alreadyStaged, String store) implements Serializable {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("to", "staging");
            m.put("appId", appId);
            m.put("version", version);
            m.put("bundleHash", bundleHash);
            m.put("fileCount", files);
            m.put("filesUploaded", filesUploaded);
            m.put("bytesUploaded", bytesUploaded);
            m.put("alreadyStaged", alreadyStaged);
            m.put("store", store);
            return m;
        }
    }

    @Override
    public Outcome invoke(File workspace, VirtualChannel channel) throws IOException {
        Path ws = workspace.toPath();
        String appId = target.requireAppId(OtaPromoteStep.FUNCTION_NAME);
        TrustedKeys keys = keys(ws);
        PrintStream log = listener == null ? null : listener.getLogger();
        try (Store store = Stores.open(target.requireStore("staging", OtaPromoteStep.FUNCTION_NAME), target.s3())) {
            Stager.Result r = new Stager(store, new StoreRegistry(store, appId), keys, Clock.systemUTC())
                    .progress(log == null ? Stager.Progress.NONE : new UploadProgress(log)).stage(ws.resolve(dir));
            if (!r.appId().equals(appId)) {
                throw new OtaException.BadInput(dir + " holds a bundle of app " + r.appId() + ", not " + appId);
            }
            return new Outcome(r.appId(), r.version(), r.bundleHash(), r.files(), r.blobsUploaded(),
                    r.bytesUploaded(), r.alreadyStaged(), store.url());
        }
    }

    private TrustedKeys keys(Path ws) throws IOException {
        if (target.trustedKeys() != null) {
            Path file = ws.resolve(target.trustedKeys());
            if (!Files.exists(file)) {
                throw new OtaException.BadInput("trustedKeys " + target.trustedKeys()
                        + " does not exist in the workspace");
            }
            return ReleaseTarget.parseTrustedKeys(Files.readAllBytes(file), target.trustedKeys(), null, "otaPromote");
        }
        return ReleaseTarget.parseTrustedKeys(null, null, target.trustedKeysContent(), "otaPromote");
    }

    /** One line per 10% of the upload, so a large first staging shows it is alive. */
    static final class UploadProgress implements Stager.Progress {
        private final PrintStream log;
        private int lastDecile = -1;

        UploadProgress(PrintStream log) {
            this.log = log;
        }

        @Override
        public synchronized void update(long bytesDone, long bytesTotal, int blobsDone, int blobsTotal) {
            int decile = bytesTotal == 0 ? 10 : (int) (bytesDone * 10 / bytesTotal);
            if (decile != lastDecile) {
                lastDecile = decile;
                log.println("otaPromote: staging " + blobsDone + "/" + blobsTotal + " new files, " + bytesDone
                        + "/" + bytesTotal + " bytes");
            }
        }
    }
}
