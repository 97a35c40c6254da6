package io.otarelease.core.store;

import java.net.URI;

/**
 * How to reach S3 or an S3-compatible endpoint. Credentials are not here: they come from the SDK's standard chain
 * (environment, profile, container or instance role), so no secret passes through options or logs.
 *
 * @param endpoint an endpoint override (S3Proxy, MinIO, a VPC endpoint), or null for AWS
 * @param region the region, or null for the SDK's default chain (us-east-1 when nothing is configured)
 * @param pathStyle path-style addressing (bucket in the path), needed by most S3-compatible servers
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle) {
    public static final S3Settings DEFAULT = new S3Settings(null, null, false);
}
