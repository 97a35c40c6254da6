package io.otarelease.core.fleet;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.core.telemetry.BatchParser;
import io.otarelease.core.telemetry.TelemetryBatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a simulated device's events to a collector as an app does: {@code POST /v1/telemetry}, batches of at most
 * {@value BatchParser#MAX_EVENTS} events, a fresh batch id each. An answer other than 202 (or 200 for a replay) is a
 * device error in the fleet's stats: the simulator's counts would be short, and a test must see that.
 */
final class TelemetrySender {
    private final URI url;
    private final FleetStats stats;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    TelemetrySender(URI url, FleetStats stats) {
        this.url = url;
        this.stats = stats;
    }

    void send(DeviceConfig device, List<TelemetryBatch.Event> events, Instant sentAt) {
        for (int from = 0; from < events.size(); from += BatchParser.MAX_EVENTS) {
            List<TelemetryBatch.Event> part = events.subList(from, Math.min(events.size(), from + BatchParser.MAX_EVENTS));
            byte[] id = new byte[16];
            ThreadLocalRandom.current().nextBytes(id);
            TelemetryBatch batch = new TelemetryBatch(HexFormat.of().formatHex(id), device.installId(), device.appId(),
                    device.channel(), "android", device.nativeVersion(), sentAt, part);
            post(batch);
        }
    }

    private void post(TelemetryBatch batch) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toJson())).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202 && r.statusCode() != 200) {
                stats.error(new IOException("the collector answered " + r.statusCode() + " " + r.body()));
            }
        } catch (IOException e) {
            stats.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.error(new IOException("interrupted while sending telemetry", e));
        }
    }
}
