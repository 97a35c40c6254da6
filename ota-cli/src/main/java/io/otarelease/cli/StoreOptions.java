package io.otarelease.cli;

import io.otarelease.core.store.S3Settings;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.Stores;
import java.net.URI;
import picocli.CommandLine.Option;

/** How to reach S3 stores. Credentials come from the AWS SDK's standard chain, never from options. */
final class StoreOptions {
    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3-compatible endpoint (MinIO, S3Proxy, a VPC endpoint); default: AWS.")
    URI endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region (default: the SDK's chain).")
    String region;

    @Option(names = "--path-style", description = "Path-style S3 addressing (most S3-compatible servers need it).")
    boolean pathStyle;

    Store open(String url) {
        return Stores.open(url, new S3Settings(endpoint, region, pathStyle));
    }
}
