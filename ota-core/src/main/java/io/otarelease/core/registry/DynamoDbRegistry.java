package io.otarelease.core.registry;

import io.otarelease.client.json.JsonException;
import io.otarelease.core.OtaException;
import io.otarelease.core.internal.AwsErrors;
import io.otarelease.core.store.StoreConflictException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The registry as one item per app in a DynamoDB table (partition key {@code appId}, a string): the document in
 * {@code doc}, its revision in {@code rev}. Writes are conditional ({@code attribute_not_exists(appId)} for the first,
 * {@code rev = :rev} after), so a writer that lost a race re-reads and re-applies instead of overwriting.
 */
public final class DynamoDbRegistry implements Registry, AutoCloseable {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String appId;

    public DynamoDbRegistry(DynamoDbClient dynamo, String table, String appId) {
        this.dynamo = dynamo;
        this.table = table;
        this.appId = appId;
    }

    /** A client on the SDK's standard credentials chain; {@code endpoint} and {@code region} may be null. */
    public static DynamoDbRegistry open(String table, String appId, URI endpoint, String region) {
        DynamoDbClientBuilder b = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        if (region != null) {
            b.region(Region.of(region));
        } else if (endpoint != null) {
            b.region(Region.US_EAST_1);
        }
        try {
            return new DynamoDbRegistry(b.build(), table, appId);
        } catch (SdkException e) {
            throw new OtaException.BadInput("cannot set up the DynamoDB client for table " + table + ": "
                    + e.getMessage(), e);
        }
    }

    private record Loaded(RegistryDocument doc, String rev) {
    }

    private Loaded load() {
        GetItemResponse r;
        try {
            r = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of("appId", AttributeValue.fromS(appId))));
        } catch (SdkException e) {
            throw failure("cannot read the registry from " + describe(), e);
        }
        if (!r.hasItem() || r.item().isEmpty()) {
            return new Loaded(RegistryDocument.empty(appId), null);
        }
        AttributeValue doc = r.item().get("doc");
        AttributeValue rev = r.item().get("rev");
        if (doc == null || doc.s() == null || rev == null || rev.n() == null) {
            throw new OtaException.Infrastructure("the registry item of " + appId + " in " + describe()
                    + " lacks its doc or rev attribute");
        }
        try {
            return new Loaded(RegistryDocument.parse(doc.s().getBytes(StandardCharsets.UTF_8), describe()), rev.n());
        } catch (JsonException e) {
            throw new OtaException.Infrastructure("the registry is damaged: " + e.getMessage());
        }
    }

    @Override
    public RegistryDocument read() {
        return load().doc;
    }

    @Override
    public RegistryDocument update(UnaryOperator<RegistryDocument> change) {
        for (int attempt = 1; ; attempt++) {
            Loaded current = load();
            RegistryDocument next = change.apply(current.doc).nextRevision();
            PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(Map.of(
                    "appId", AttributeValue.fromS(appId),
                    "doc", AttributeValue.fromS(new String(next.toBytes(), StandardCharsets.UTF_8)),
                    "rev", AttributeValue.fromN(Long.toString(next.revision()))));
            if (current.rev == null) {
                put.conditionExpression("attribute_not_exists(appId)");
            } else {
                put.conditionExpression("rev = :rev")
                        .expressionAttributeValues(Map.of(":rev", AttributeValue.fromN(current.rev)));
            }
            try {
                dynamo.putItem(put.build());
                return next;
            } catch (ConditionalCheckFailedException e) {
                if (attempt >= StoreRegistry.MAX_ATTEMPTS) {
                    throw new StoreConflictException("the registry " + describe() + " kept changing under us ("
                            + attempt + " attempts); try again");
                }
                StoreRegistry.backoff(attempt);
            } catch (SdkException e) {
                throw failure("cannot write the registry to " + describe(), e);
            }
        }
    }

    private OtaException failure(String failed, SdkException e) {
        var config = dynamo.serviceClientConfiguration();
        String where = config.endpointOverride().map(u -> "DynamoDB endpoint " + u)
                .orElse("AWS DynamoDB (region " + config.region() + ")");
        return AwsErrors.describe(failed, new AwsErrors.Target("DynamoDB table '" + table + "'", where,
                "--registry-table, --dynamodb-region and --dynamodb-endpoint", config.credentialsProvider()), e,
                OtaException.Infrastructure::new);
    }

    @Override
    public String describe() {
        return "dynamodb table " + table;
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
