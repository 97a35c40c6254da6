package io.otarelease.core.store;

/**
 * One setting of an S3 bucket that keeps an audit trail of a release store, as the bucket answered: default
 * encryption (GetBucketEncryption) or versioning (GetBucketVersioning). Either {@code value} with {@code on} saying
 * whether it is what a release store needs ({@code SSE-S3 (AES256)}, {@code SSE-KMS (aws:kms, key K)}, {@code
 * Enabled}; or {@code none}, {@code never enabled}, {@code Suspended}), or {@code unreadable} saying why it could
 * not be read (a missing permission, an endpoint that does not implement the call).
 */
public record BucketSetting(boolean on, String value, String unreadable) {
    public static BucketSetting on(String value) {
        return new BucketSetting(true, value, null);
    }

    public static BucketSetting off(String value) {
        return new BucketSetting(false, value, null);
    }

    public static BucketSetting unreadable(String why) {
        return new BucketSetting(false, null, why);
    }

    public boolean isUnreadable() {
        return unreadable != null;
    }
}
