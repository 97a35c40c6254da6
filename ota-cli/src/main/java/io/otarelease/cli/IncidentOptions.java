package io.otarelease.cli;

import io.otarelease.core.incident.Incidents;
import io.otarelease.core.store.Store;
import java.time.Clock;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where incident records live: the production store of one app. */
final class IncidentOptions {
    @Option(names = "--store", required = true, paramLabel = "URL", description = "The production store.")
    String storeUrl;

    @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id.")
    String appId;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who acts (default: $OTA_ACTOR, $BUILD_USER_ID or $USER).")
    String actor;

    @Mixin
    StoreOptions storeOptions;

    Store open() {
        return storeOptions.open(storeUrl);
    }

    Incidents incidents(Store store) {
        return new Incidents(store, appId, Clock.systemUTC());
    }

    String actor() {
        if (actor != null) {
            return actor;
        }
        for (String k : new String[] {"OTA_ACTOR", "BUILD_USER_ID", "USER"}) {
            String v = System.getenv(k);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "unknown";
    }
}
