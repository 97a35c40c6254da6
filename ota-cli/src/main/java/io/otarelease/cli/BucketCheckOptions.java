package io.otarelease.cli;

import io.otarelease.core.doctor.BucketChecks;
import io.otarelease.core.store.Store;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Whether a bucket without default encryption or versioning stops a promotion or only warns. */
final class BucketCheckOptions {
    @Option(names = "--bucket-checks", defaultValue = "warn", paramLabel = "warn|refuse",
            description = {"What a production bucket without default encryption (SSE-S3/SSE-KMS) or versioning, or "
                + "a staging bucket without default encryption, does: warn (the default: one warning line each, go "
                + "on) or refuse (stop before anything is written, exit 1; exit 2 when the credentials may not read "
                + "the settings). File stores are not checked. See 'ota doctor'."})
    BucketChecks.Mode mode;

    /** Reads the buckets' settings and applies the mode; warnings go to {@code err}. */
    void enforce(Store production, Store staging, PrintWriter err) {
        BucketChecks.enforce(BucketChecks.check(production, staging), mode, err);
    }
}
