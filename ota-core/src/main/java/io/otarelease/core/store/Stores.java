package io.otarelease.core.store;

import io.otarelease.core.OtaException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Opens a store from its URL: {@code file:///path} or {@code s3://bucket/prefix}. */
public final class Stores {
    private Stores() {
    }

    public static Store open(String url, S3Settings s3) {
        return open(url, s3, null);
    }

    /** @param s3Credentials the keys for an s3:// store, or null for the AWS SDK's default chain */
    public static Store open(String url, S3Settings s3,
                             software.amazon.awssdk.auth.credentials.AwsCredentialsProvider s3Credentials) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new OtaException.BadInput("store URL \"" + url + "\" is not a URL (expected file:///path or "
                    + "s3://bucket/prefix)");
        }
        if ("file".equals(uri.getScheme())) {
            if (uri.getPath() == null || uri.getPath().isEmpty() || (uri.getHost() != null && !uri.getHost().isEmpty())) {
                throw new OtaException.BadInput("store URL \"" + url + "\" must be file:///absolute/path");
            }
            return new FileStore(Path.of(uri.getPath()));
        }
        if ("s3".equals(uri.getScheme())) {
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new OtaException.BadInput("store URL \"" + url + "\" names no bucket (s3://bucket/prefix)");
            }
            String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
            return S3Store.open(uri.getHost(), prefix, s3, s3Credentials);
        }
        throw new OtaException.BadInput("store URL \"" + url + "\" has an unsupported scheme (expected file:///path "
                + "or s3://bucket/prefix)");
    }
}
