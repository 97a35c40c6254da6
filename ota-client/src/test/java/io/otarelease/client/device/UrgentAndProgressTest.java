package io.otarelease.client.device;

import io.otarelease.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.manifest.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signed {@code urgent} flag reaching {@link UpdateResult#urgent()}, and download progress events. */
class UrgentAndProgressTest {
    static final Instant T0 = Instant.parse("2026-03-29T14:00:00Z");
    final FakeCdn cdn = new FakeCdn();
    final MutableClock clock = new MutableClock(T0.plusSeconds(5));
    final List<long[]> progress = new ArrayList<>();
    final List<String> order = new ArrayList<>();
    final DeviceEvents events = new DeviceEvents() {
        @Override
        public void downloading(String version, long bytes, long totalBytes) {
            progress.add(new long[] {bytes, totalBytes});
            order.add("downloading " + version);
        }

        @Override
        public void downloaded(String version, boolean success, long bytes, Duration took) {
            order.add("downloaded " + version);
        }

        @Override
        public void installed(String version, Duration took) {
            order.add("installed " + version);
        }
    };
    final MemoryDeviceStorage storage = new MemoryDeviceStorage();

    UpdateClient client() {
        return new UpdateClient(new DeviceConfig(FakeCdn.APP, "production", "install-1", "3.0.0", cdn.trusted, clock,
                Duration.ofSeconds(10)), cdn, storage, events);
    }

    static Map<String, String> files(String tag, int n) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("index.html", "<html>" + tag + "</html>");
        for (int i = 0; i < n; i++) {
            m.put("js/file" + i + ".js", "console.log('" + tag + " " + i + "');" + "x".repeat(100 * (i + 1)));
        }
        return m;
    }

    void pointUrgent(Manifest m, boolean urgent, Manifest fallback, int percent) {
        ChannelPointer p = cdn.point(m, percent, "salt-" + m.version().replace('.', '-'), fallback, T0);
        cdn.publish(new ChannelPointer(p.appId(), p.channel(), p.sequence(), p.issuedAt(), p.expiresAt(),
                p.current().withUrgent(urgent), p.fallback()));
    }

    @Test
    void anUrgentPointerMarksTheStagedReleaseUrgentAndAPlainOneDoesNot() throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 2));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        UpdateResult plain = client().check();
        assertThat(plain.outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
        assertThat(plain.urgent()).isFalse();

        Manifest v2 = cdn.release("1.1.0", null, files("v2", 2));
        pointUrgent(v2, true, v1, 100);
        UpdateResult urgent = client().check();
        assertThat(urgent.outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
        assertThat(urgent.urgent()).isTrue();
    }

    @Test
    void aStagedReleaseMarkedUrgentLaterIsReportedUrgentAndAFallbackNeverIs() throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 2));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        UpdateClient c = client();
        assertThat(c.check().urgent()).isFalse();
        pointUrgent(v1, true, null, 100); // the same release, now urgent: still staged, not yet launched
        UpdateResult again = c.check();
        assertThat(again.outcome()).isEqualTo(UpdateResult.Outcome.UP_TO_DATE);
        assertThat(again.urgent()).isTrue();

        Manifest v2 = cdn.release("1.1.0", null, files("v2", 2));
        pointUrgent(v2, true, v1, 0); // urgent for 0%: this install keeps the fallback, which is not urgent
        UpdateResult fallback = c.check();
        assertThat(fallback.version()).isEqualTo("1.0.0");
        assertThat(fallback.urgent()).isFalse();
    }

    @Test
    void progressStartsAtZeroGrowsWithEachFileAndEndsAtTheTotalOfTheMissingFiles() throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 4));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        client().check();
        assertThat(progress).hasSize(6); // 0, then after each of the 5 files
        assertThat(progress.get(0)[0]).isZero();
        long total = v1.totalBytes();
        for (int i = 0; i < progress.size(); i++) {
            assertThat(progress.get(i)[1]).isEqualTo(total);
            if (i > 0) {
                assertThat(progress.get(i)[0]).isGreaterThan(progress.get(i - 1)[0]);
            }
        }
        assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(total);
        assertThat(order.subList(order.size() - 2, order.size())).containsExactly("downloaded 1.0.0",
                "installed 1.0.0");

        Map<String, String> f2 = new LinkedHashMap<>(files("v1", 4));
        f2.put("index.html", "<html>v2, one changed file</html>");
        Manifest v2 = cdn.release("1.1.0", null, f2);
        cdn.point(v2, 100, "salt-v2-0001", v1, T0);
        progress.clear();
        client().check();
        long changed = "<html>v2, one changed file</html>".length();
        assertThat(progress).extracting(p -> p[0]).containsExactly(0L, changed); // cached files are not counted
        assertThat(progress).extracting(p -> p[1]).containsExactly(changed, changed);
    }
}
