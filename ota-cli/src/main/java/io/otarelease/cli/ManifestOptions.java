package io.otarelease.cli;

import io.otarelease.client.manifest.Source;
import io.otarelease.core.bundle.ManifestBuilder;
import picocli.CommandLine.Option;

/**
 * The options that describe a manifest, shared by {@code manifest} and {@code sign} as an argument group: --app-id
 * and --bundle-version are required whenever the group is given (always for {@code manifest}), and usage says so.
 */
final class ManifestOptions {
    @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id, e.g. com.example.shop.")
    String appId;

    @Option(names = "--bundle-version", required = true, paramLabel = "V", description = "Bundle version, e.g. 3.4.1.")
    String version;

    @Option(names = "--min-native-version", paramLabel = "V",
            description = "Oldest native app version this bundle runs on, e.g. 3.0.0.")
    String minNativeVersion;

    @Option(names = "--platform", paramLabel = "P",
            description = "android or ios: a bundle with platform-specific files (Cordova merges/<platform>/), "
                    + "applied only by apps on that platform. Omitted: the bundle fits every platform.")
    String platform;

    @Option(names = "--source-commit", paramLabel = "SHA", description = "Commit the bundle was built from.")
    String commit;

    @Option(names = "--source-ref", paramLabel = "REF", description = "Tag or branch, e.g. ota/v3.4.1.")
    String ref;

    @Option(names = "--build-url", paramLabel = "URL", description = "URL of the CI build that made the bundle.")
    String buildUrl;

    ManifestBuilder builder() {
        return new ManifestBuilder().appId(appId).version(version).minNativeVersion(minNativeVersion)
                .platform(platform).source(new Source(commit, ref, buildUrl));
    }
}
