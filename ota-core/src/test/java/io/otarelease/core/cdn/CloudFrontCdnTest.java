package io.otarelease.core.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.testing.CloudFrontWireServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real CloudFront client of the AWS SDK v2 against {@link CloudFrontWireServer}, which speaks CloudFront's
 * REST/XML protocol on loopback.
 */
class CloudFrontCdnTest {
    CloudFrontWireServer server;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        server = new CloudFrontWireServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    CloudFrontCdn cdn(String distribution) {
        return CloudFrontCdn.open(distribution, server.endpoint(), 3).withPollInterval(Duration.ofMillis(10));
    }

    @Test
    void createsASignedInvalidationOfTheGivenPathsAndWaitsUntilCompleted() {
        try (CloudFrontCdn cdn = cdn("E1A2B3C4D5E6F7")) {
            String id = cdn.invalidate(List.of("/com.example.shop/channels/production.json",
                    "/com.example.shop/channels/production.sig"));
            assertThat(id).isEqualTo("I2J0I21PCUYOIK");
            cdn.awaitCompleted(id, Duration.ofSeconds(10));
        }
        assertThat(server.bodies.get(0)).contains("<Quantity>2</Quantity>",
                "<Path>/com.example.shop/channels/production.json</Path>",
                "<Path>/com.example.shop/channels/production.sig</Path>", "<CallerReference>ota-");
        assertThat(server.requests).containsExactly(
                "POST /2020-05-31/distribution/E1A2B3C4D5E6F7/invalidation signed",
                "GET /2020-05-31/distribution/E1A2B3C4D5E6F7/invalidation/I2J0I21PCUYOIK signed",
                "GET /2020-05-31/distribution/E1A2B3C4D5E6F7/invalidation/I2J0I21PCUYOIK signed",
                "GET /2020-05-31/distribution/E1A2B3C4D5E6F7/invalidation/I2J0I21PCUYOIK signed");
    }

    @Test
    void retriesATransientFailure() {
        server.failCreates.set(2);
        try (CloudFrontCdn cdn = cdn("E1A2B3C4D5E6F7")) {
            assertThat(cdn.invalidate(List.of("/a"))).isEqualTo("I2J0I21PCUYOIK");
        }
        assertThat(server.bodies).hasSize(3);
    }

    @Test
    void aMissingDistributionIsConfigurationNamingTheDistributionAndWhatToCheck() {
        try (CloudFrontCdn cdn = cdn("EWRONG")) {
            assertThatThrownBy(() -> cdn.invalidate(List.of("/a")))
                    .isInstanceOfSatisfying(OtaException.BadInput.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                    .hasMessageContaining("distribution EWRONG does not exist at CloudFront endpoint")
                    .hasMessageContaining("check --cdn-distribution and --cdn-endpoint");
        }
    }

    @Test
    void waitingGivesUpAfterTheTimeout() {
        server.pollsUntilDone.set(1_000_000);
        try (CloudFrontCdn cdn = cdn("E1A2B3C4D5E6F7")) {
            assertThatThrownBy(() -> cdn.awaitCompleted("I1", Duration.ofMillis(100)))
                    .isInstanceOf(CdnException.class).hasMessageContaining("still InProgress");
        }
    }
}
