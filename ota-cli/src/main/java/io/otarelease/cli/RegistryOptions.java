package io.otarelease.cli;

import io.otarelease.core.registry.DynamoDbRegistry;
import io.otarelease.core.registry.Registry;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.store.Store;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the version registry lives: registry.json in the store (default) or a DynamoDB table. */
final class RegistryOptions {
    @Option(names = "--registry-table", paramLabel = "TABLE",
            description = "Keep the registry in this DynamoDB table (partition key appId) instead of registry.json.")
    String table;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "DynamoDB endpoint override.")
    URI endpoint;

    @Option(names = "--dynamodb-region", paramLabel = "REGION", description = "DynamoDB region.")
    String region;

    Registry open(Store store, String appId) {
        return table == null ? new StoreRegistry(store, appId) : DynamoDbRegistry.open(table, appId, endpoint, region);
    }
}
