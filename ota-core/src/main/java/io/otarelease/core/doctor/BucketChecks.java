package io.otarelease.core.doctor;

import io.otarelease.core.OtaException;
import io.otarelease.core.store.BucketSetting;
import io.otarelease.core.store.S3Store;
import io.otarelease.core.store.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's "encrypted storage buckets" rule, checked rather than hoped for: the production bucket must have
 * default encryption (SSE-S3 or SSE-KMS) and versioning (every overwrite and delete of a pointer, the registry or
 * the history keeps its previous version: the audit trail of the store itself); the staging bucket must have
 * default encryption. Only reads; file stores (development) are not applicable.
 */
public final class BucketChecks {
    /** What a missing setting does to {@code ota promote}. */
    public enum Mode {
        /** print one warning line per missing setting and go on */
        WARN,
        /** stop before anything is written: exit 1 for a missing setting, exit 2 when it cannot be read */
        REFUSE
    }

    private BucketChecks() {
    }

    /** @param staging the staging store, or null when the command has none */
    public static List<Finding> check(Store production, Store staging) {
        List<Finding> out = new ArrayList<>();
        check(out, "production", production, true);
        if (staging != null) {
            check(out, "staging", staging, false);
        }
        return out;
    }

    private static void check(List<Finding> out, String role, Store store, boolean versioning) {
        if (!(store instanceof S3Store s3)) {
            out.add(new Finding(Finding.Status.NOT_APPLICABLE, role + " store " + store.url(),
                    "not an S3 bucket (a file store is for development; encryption and versioning are the disk's)"));
            return;
        }
        String bucket = s3.bucket();
        String subject = role + " bucket '" + bucket + "'";
        out.add(finding(subject + " default encryption", s3.defaultEncryption(), "enable SSE-S3 or SSE-KMS: aws "
                + "s3api put-bucket-encryption --bucket " + bucket + " --server-side-encryption-configuration "
                + "'{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\"}}]}'"));
        if (versioning) {
            out.add(finding(subject + " versioning", s3.versioning(), "enable it so every change of a pointer, the "
                    + "registry or the history keeps the version before it: aws s3api put-bucket-versioning --bucket "
                    + bucket + " --versioning-configuration Status=Enabled"));
        }
    }

    private static Finding finding(String subject, BucketSetting r, String fix) {
        if (r.isUnreadable()) {
            return new Finding(Finding.Status.UNREADABLE, subject, "cannot be read: " + r.unreadable());
        }
        return r.on() ? new Finding(Finding.Status.OK, subject, r.value())
                : new Finding(Finding.Status.MISSING, subject, r.value() + "; " + fix);
    }

    /**
     * Applies {@code mode} to the findings: WARN prints each missing or unreadable setting as one
     * {@code warning:} line; REFUSE throws {@link OtaException.CheckFailed} (exit 1) naming every missing setting,
     * or {@link OtaException.BadInput} (exit 2) when a setting could not be read.
     */
    public static void enforce(List<Finding> findings, Mode mode, PrintWriter warnings) {
        enforce(findings, mode, warnings, "--bucket-checks");
    }

    /** As above; {@code setting} names where the mode was chosen ({@code --bucket-checks}, a profile's field). */
    public static void enforce(List<Finding> findings, Mode mode, PrintWriter warnings, String setting) {
        List<Finding> missing = findings.stream().filter(f -> f.status() == Finding.Status.MISSING).toList();
        List<Finding> unreadable = findings.stream().filter(f -> f.status() == Finding.Status.UNREADABLE).toList();
        if (mode == Mode.REFUSE && !missing.isEmpty()) {
            throw new OtaException.CheckFailed("refused by " + setting + " refuse: " + join(missing)
                    + " (or run with " + setting + " warn)");
        }
        if (mode == Mode.REFUSE && !unreadable.isEmpty()) {
            throw new OtaException.BadInput("refused by " + setting + " refuse: " + join(unreadable)
                    + " (grant that read permission, or run with " + setting + " warn)");
        }
        for (Finding f : missing) {
            warnings.println("warning: " + f.subject() + ": " + f.detail());
        }
        for (Finding f : unreadable) {
            warnings.println("warning: " + f.subject() + " " + f.detail());
        }
        warnings.flush();
    }

    private static String join(List<Finding> findings) {
        StringBuilder s = new StringBuilder();
        for (Finding f : findings) {
            s.append(s.length() == 0 ? "" : "; ").append(f.subject()).append(f.status() == Finding.Status.MISSING
                    ? " is missing (found " + f.detail() + ")" : " " + f.detail());
        }
        return s.toString();
    }
}
