package io.otarelease.cli;

import io.otarelease.core.Durations;
import io.otarelease.core.OtaException;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.cdn.CloudFrontCdn;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Which CDN to invalidate after a channel change. */
final class CdnOptions {
    @Option(names = "--cdn", defaultValue = "none", paramLabel = "TYPE", description = "none or cloudfront (default: none).")
    String type;

    @Option(names = "--cdn-distribution", paramLabel = "ID", description = "cloudfront: the distribution id.")
    String distribution;

    @Option(names = "--cdn-endpoint", paramLabel = "URL", description = "cloudfront: endpoint override.")
    URI endpoint;

    @Option(names = "--cdn-path-prefix", defaultValue = "/", paramLabel = "PATH",
            description = "The CDN path of the store root, e.g. /ota/ (default: /).")
    String pathPrefix;

    @Option(names = "--wait", description = "Wait until the CDN invalidation completed.")
    boolean await;

    @Option(names = "--wait-timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    String waitTimeout;

    Cdn open() {
        return switch (type) {
            case "none" -> Cdn.NONE;
            case "cloudfront" -> {
                if (distribution == null) {
                    throw new OtaException.BadInput("--cdn cloudfront needs --cdn-distribution ID");
                }
                yield CloudFrontCdn.open(distribution, endpoint, 5);
            }
            default -> throw new OtaException.BadInput("unknown --cdn \"" + type + "\" (expected none or cloudfront)");
        };
    }

    Duration waitFor() {
        return await ? Durations.parse(waitTimeout, "--wait-timeout") : null;
    }
}
