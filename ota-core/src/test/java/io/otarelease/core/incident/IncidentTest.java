package io.otarelease.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.io.FileTrees;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyConfig;
import io.otarelease.core.notify.RecordingReceiver;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Rollback;
import io.otarelease.core.release.Stager;
import io.otarelease.core.serve.StaticFileServer;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.JsonMetricsServer;
import io.otarelease.core.testing.ReleaseFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary FAIL with an automatic rollback opens an incident end to end: real stores, real signed pointers, a JSON
 * metrics API, a recording webhook receiver and a static-file "CDN" over the production store.
 */
class IncidentTest {
    static final String APP = ReleaseFixture.APP;
    @TempDir
    Path dir;
    ReleaseFixture fx;
    FileStore production;
    ReleaseContext ctx;
    JsonMetricsServer metrics;
    RecordingReceiver receiver;
    StaticFileServer cdn;

    @BeforeEach
    void release() throws IOException {
        fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        production = new FileStore(dir.resolve("production"));
        ctx = fx.context(production);
        for (String v : List.of("3.4.0", "3.4.1")) {
            new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock).stage(fx.bundle(v));
        }
        new Promoter(ctx).promote(staging, "3.4.0", new Percent(100));
        fx.clock.advance(Duration.ofHours(1));
        new Promoter(ctx).promote(staging, "3.4.1", new Percent(5));
        metrics = JsonMetricsServer.start().healthy("3.4.0").healthy("3.4.1").set("crash-free-sessions", "3.4.1", 97.2);
        receiver = RecordingReceiver.start();
        cdn = StaticFileServer.serve(production.root());
    }

    @AfterEach
    void stop() {
        metrics.close();
        receiver.close();
        cdn.close();
    }

    private Notifier notifier() throws IOException {
        Path f = dir.resolve("notify.yaml");
        Files.writeString(f, """
                schema: ota-notify/1
                channels:
                  engineering: {transport: slack, urlEnv: E}
                  releases: {transport: slack, urlEnv: R}
                  incidents: {transport: webhook, urlEnv: I}
                """);
        return new Notifier(NotifyConfig.load(f, Map.of("E", receiver.url("/eng"), "R", receiver.url("/rel"),
                "I", receiver.url("/inc"))), d -> { });
    }

    private Verdict failingCanaryThatRollsBack() {
        CanaryCheck check = new CanaryCheck(MetricSources.parse(metrics.spec(), Duration.ofSeconds(5)),
                Thresholds.defaults(), fx.clock);
        return check.checkAndRollBack(new CanaryCheck.Request("3.4.1", "3.4.0", "1h", 500), (failed, verdict) -> {
            Rollback.Result r = new Rollback(ctx).rollback(Rollback.PREVIOUS, "canary FAIL of " + failed);
            return "production serves " + r.target() + " at sequence " + r.sequence();
        });
    }

    private PostRollbackChecklist checklist(String cdnUrl) {
        return new PostRollbackChecklist(fx.trusted, fx.clock, new StoreRegistry(production, APP),
                cdnUrl == null ? null : URI.create(cdnUrl), MetricSources.parse(metrics.spec(), Duration.ofSeconds(5)),
                Thresholds.defaults());
    }

    @Test
    void aCanaryFailOpensASev1IncidentWithTheRollbackAndTellsEachChannel() throws IOException {
        Verdict v = failingCanaryThatRollsBack();
        Incidents incidents = new Incidents(production, APP, fx.clock);
        var outcome = new CanaryIncidents(incidents, notifier(), APP, "production", fx.clock, "canary").afterVerdict(v);

        Incident i = outcome.incident().orElseThrow();
        assertThat(i.severity()).isEqualTo("SEV-1");
        assertThat(i.status()).isEqualTo(Incident.MITIGATED);
        assertThat(i.rolledBackTo()).isEqualTo("3.4.0");
        assertThat(i.decision().path().get(0)).startsWith("1. crash-free rate < 98%? YES (Crash-free sessions 97.2% < 98%");
        assertThat(i.timeline()).extracting(Incident.Entry::phase)
                .containsExactly(Phase.DETECT, Phase.ASSESS, Phase.ROLLBACK, Phase.COMMUNICATE);
        assertThat(i.timeline().get(3).text()).isEqualTo("incident notification: engineering delivered, incidents delivered");
        assertThat(i.links()).containsEntry("release", production.url() + APP + "/releases/3.4.1/manifest.json")
                .containsEntry("registry", production.url() + APP + "/registry.json");
        assertThat((List<?>) i.links().get("audit")).hasSize(2); // the 5% promotion and the rollback
        assertThat(outcome.notes()).anyMatch(n -> n.startsWith("incident " + i.id() + " opened (SEV-1)"));

        // stored, and read back equal
        assertThat(incidents.store().read(i.id())).isEqualTo(i);
        assertThat(production.exists(APP + "/incidents/" + i.id() + ".json")).isTrue();
        assertThat(i.id()).matches("INC-[0-9]{8}-[0-9]{4}-3\\.4\\.1");

        // releases got the rollback, incidents the incident, engineering both
        assertThat(receiver.requests("/rel")).hasSize(1);
        assertThat(receiver.requests("/rel").get(0).bodyText()).contains("ROLLBACK: com.example.shop is back on 3.4.0");
        assertThat(receiver.requests("/inc")).hasSize(1);
        assertThat(receiver.requests("/inc").get(0).bodyText()).contains("\"severity\":\"SEV-1\"", "\"event\":\"incident\"");
        assertThat(receiver.requests("/eng")).hasSize(2);
    }

    @Test
    void theChecklistPassesWhenTheCdnServesTheRollbackAndFailsWhenItStillServesTheBadPointer() throws IOException {
        // an edge cache that missed the invalidation: a copy of the channel objects from before the rollback
        Path stale = dir.resolve("stale-edge");
        FileTrees.copy(production.root(), stale);
        Verdict v = failingCanaryThatRollsBack();
        Incidents incidents = new Incidents(production, APP, fx.clock);
        Incident i = new CanaryIncidents(incidents, notifier(), APP, "production", fx.clock, "canary").afterVerdict(v)
                .incident().orElseThrow();

        Incident good = incidents.verify(i.id(), "on-call", checklist(cdn.url()));
        assertThat(good.checklist()).extracting(CheckItem::item, CheckItem::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CDN serving correct version", CheckItem.State.PASS),
                org.assertj.core.groups.Tuple.tuple("Error rate returning to baseline", CheckItem.State.PASS),
                org.assertj.core.groups.Tuple.tuple("Failed bundle quarantined", CheckItem.State.PASS),
                org.assertj.core.groups.Tuple.tuple("Support team notified with talking points", CheckItem.State.PERSON),
                org.assertj.core.groups.Tuple.tuple("Incident channel updated with timeline", CheckItem.State.PASS),
                org.assertj.core.groups.Tuple.tuple("Postmortem scheduled within 48 hours", CheckItem.State.PERSON));
        assertThat(good.checklist().get(0).detail()).contains("serves 3.4.0 at 100% (sequence 3), signature verified");
        assertThat(good.timeline().get(good.timeline().size() - 1).text())
                .isEqualTo("post-rollback checklist: 4 passed, 0 failed, 2 for a person");

        cdn.root(stale);
        Incident bad = incidents.verify(i.id(), "on-call", checklist(cdn.url()));
        CheckItem c = bad.checklist().get(0);
        assertThat(c.state()).isEqualTo(CheckItem.State.FAIL);
        assertThat(c.detail()).contains("still serves 3.4.1 at 5% (sequence 2), expected 3.4.0 at 100%");
        assertThat(bad.timeline().get(bad.timeline().size() - 1).text())
                .isEqualTo("post-rollback checklist: 3 passed, 1 failed, 2 for a person (CDN serving correct version)");
    }

    @Test
    void aTamperedPointerOnTheCdnFailsTheChecklistAndMissingSourcesAreLeftToAPerson() throws IOException {
        Verdict v = failingCanaryThatRollsBack();
        Incidents incidents = new Incidents(production, APP, fx.clock);
        Incident i = new CanaryIncidents(incidents, null, APP, "production", fx.clock, "canary").afterVerdict(v)
                .incident().orElseThrow();
        Path edge = dir.resolve("tampered-edge");
        FileTrees.copy(production.root(), edge);
        Path pointer = edge.resolve(APP + "/channels/production.json");
        Files.writeString(pointer, Files.readString(pointer).replace("\"percent\":100", "\"percent\":99"));
        cdn.root(edge);
        CheckItem c = checklist(cdn.url()).run(incidents.store().read(i.id())).get(0);
        assertThat(c.state()).isEqualTo(CheckItem.State.FAIL);
        assertThat(c.detail()).contains("does not verify");

        var none = new PostRollbackChecklist(fx.trusted, fx.clock, new StoreRegistry(production, APP), null, null,
                Thresholds.defaults()).run(incidents.store().read(i.id()));
        assertThat(none.get(0).state()).isEqualTo(CheckItem.State.PERSON);
        assertThat(none.get(1).state()).isEqualTo(CheckItem.State.PERSON);
        // no notifier: the incident channel was never told, so a person must do it
        assertThat(none.get(4).state()).isEqualTo(CheckItem.State.PERSON);
    }

    @Test
    void theErrorRateCheckFailsWhileTheServedReleaseIsStillAboveItsWarningLevel() throws IOException {
        Verdict v = failingCanaryThatRollsBack();
        Incidents incidents = new Incidents(production, APP, fx.clock);
        Incident i = new CanaryIncidents(incidents, null, APP, "production", fx.clock, "c").afterVerdict(v).incident().orElseThrow();
        metrics.set("js-error-rate", "3.4.0", 1.4);
        CheckItem c = checklist(cdn.url()).run(i).get(1);
        assertThat(c.state()).isEqualTo(CheckItem.State.FAIL);
        assertThat(c.detail()).startsWith("JS error rate of 3.4.0 1.4% over 1h from json:");
    }

    @Test
    void aWebhookThatIsDownNeverStopsTheRollbackOrTheIncident() throws IOException {
        receiver.failFirst(1000, 500);
        Verdict v = failingCanaryThatRollsBack();
        var outcome = new CanaryIncidents(new Incidents(production, APP, fx.clock), notifier(), APP, "production",
                fx.clock, "canary").afterVerdict(v);
        assertThat(v.rollback().performed()).isTrue();
        Incident i = outcome.incident().orElseThrow();
        assertThat(i.rolledBackTo()).isEqualTo("3.4.0");
        assertThat(new StoreRegistry(production, APP).read().find("3.4.1").orElseThrow().status().label())
                .isEqualTo("quarantined");
        assertThat(outcome.notes()).contains("incident notification: engineering FAILED (HTTP 500 after 4 attempts), "
                + "incidents FAILED (HTTP 500 after 4 attempts)");
        assertThat(i.timeline().get(3).text()).contains("incidents FAILED (HTTP 500 after 4 attempts)");
    }

    @Test
    void aPassOpensNothingAndAManualIncidentTakesTheSeverityGiven() {
        metrics.set("crash-free-sessions", "3.4.1", 99.9);
        Verdict v = new CanaryCheck(MetricSources.parse(metrics.spec(), Duration.ofSeconds(5)), Thresholds.defaults(),
                fx.clock).check(new CanaryCheck.Request("3.4.1", "3.4.0", "1h", 500));
        Incidents incidents = new Incidents(production, APP, fx.clock);
        assertThat(new CanaryIncidents(incidents, null, APP, "production", fx.clock, "c").afterVerdict(v).incident()).isEmpty();

        Incident a = incidents.open(new Incidents.OpenRequest("production", "3.4.1", "checkout button misaligned",
                "cosmetic, tablets only", "alice", "support ticket", Runbook.forSeverity("SEV-3", "alice")));
        Incident b = incidents.open(new Incidents.OpenRequest("production", "3.4.1", "second report", "same",
                "bob", "support ticket", Runbook.forSeverity("SEV-2", "bob")));
        assertThat(b.id()).isEqualTo(a.id() + "-2");
        assertThat(a.decision().action()).isEqualTo("Hotfix in the next OTA cycle; no rollback");
        assertThat(incidents.store().list()).extracting(Incident::id).containsExactly(a.id(), b.id());
        Incident resolved = incidents.note(a.id(), Phase.RESOLVE, "alice", "fixed in 3.4.2");
        assertThat(resolved.status()).isEqualTo(Incident.RESOLVED);
        assertThatThrownBy(() -> Runbook.forSeverity("SEV-0", "x")).isInstanceOf(OtaException.BadInput.class)
                .hasMessage("--severity must be SEV-1, SEV-2 or SEV-3 but is \"SEV-0\"");
        assertThatThrownBy(() -> incidents.store().read("../registry")).hasMessageContaining("is not an incident id");
    }

    @Test
    void aDamagedRecordIsReportedWithItsKey() throws IOException {
        Incidents incidents = new Incidents(production, APP, fx.clock);
        Incident a = incidents.open(new Incidents.OpenRequest("production", "3.4.1", "s", "i", "alice", "d",
                Runbook.forSeverity("SEV-2", "alice")));
        Files.writeString(production.root().resolve(APP + "/incidents/" + a.id() + ".json"), "{\"schema\":\"ota-incident/1\"}");
        assertThatThrownBy(() -> incidents.store().read(a.id())).isInstanceOf(OtaException.Infrastructure.class)
                .hasMessageContaining("incidents/" + a.id() + ".json: decision is missing");
    }

    @Test
    void thePostmortemIsPrefilledFromTheRecord() throws IOException {
        Verdict v = failingCanaryThatRollsBack();
        Incidents incidents = new Incidents(production, APP, fx.clock);
        Incident i = new CanaryIncidents(incidents, notifier(), APP, "production", fx.clock, "canary").afterVerdict(v)
                .incident().orElseThrow();
        i = incidents.verify(i.id(), "on-call", checklist(cdn.url()));
        String md = Postmortem.markdown(i);
        assertThat(md).startsWith("# Postmortem: " + i.id() + " — com.example.shop 3.4.1 (SEV-1)")
                .contains("| Rolled back to | 3.4.0 |", "| Time to mitigate | 0 s |", "## Timeline (UTC)",
                        "| detect | canary | canary FAIL at ", "- [x] CDN serving correct version",
                        "- [ ] Postmortem scheduled within 48 hours", "## Root cause", "registry: file:");
    }
}
