package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.incident.Incident;
import io.otarelease.core.incident.IncidentStore;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.Stores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** otaIncident on the real file store: the records {@code ota incident} reads, written from a build. */
class IncidentFlowTest {
    static final String APP = "com.example.shop";
    @TempDir
    Path tmp;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    final Clock clock = Clock.fixed(Instant.parse("2026-03-29T14:00:00Z"), ZoneOffset.UTC);
    final String actor = StepRun.actor("oncall", "https://ci.example/job/shop/42/", "shop#42");

    ReleaseTarget target() {
        return new ReleaseTarget(APP, "production", null, tmp.resolve("prod").toUri().toString(), null, null, false,
                null, null, null, null, null, null);
    }

    /** An administrator who allowed file stores on the controller (the test's store is a directory). */
    final ControllerStores stores = new ControllerStores("shop", true, null);

    Map<String, Object> incident(IncidentFlow.Request r, String actor, Clock clock, PrintStream log) {
        return IncidentFlow.run(new StepTarget("otaIncident", target(), stores), r, actor, clock, log).toMap();
    }

    static IncidentFlow.Request req(String action, String id, String... kv) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new IncidentFlow.Request(action, id, m.get("version"), m.get("severity"), m.get("summary"),
                m.get("impact"), m.get("detected"), m.get("phase"), m.get("text"), m.get("target"));
    }

    @Test
    void openNoteRollBackAndWriteThePostmortemInTheRecordsTheCliReads() throws Exception {
        Map<String, Object> opened = incident(req("open", null, "version", "3.4.1",
                "severity", "SEV-2", "summary", "checkout broken on Android 12", "impact", "7% of checkouts fail",
                "detected", "canary FAIL at 5%: js_error_rate 4.1%"), actor, clock, log);
        String id = (String) opened.get("id");
        assertThat(id).isEqualTo("INC-20260329-1400-3.4.1");
        assertThat(opened).containsEntry("status", "open").containsEntry("severity", "SEV-2");

        Clock later = Clock.offset(clock, Duration.ofMinutes(12));
        incident(req("rolledBack", id, "target", "3.4.0",
                "text", "otaRollback: production serves 3.4.0 (sequence 9)"), actor, later, log);
        incident(req("note", id, "phase", "investigate",
                "text", "null check missing in checkout.js"), actor, later, log);
        Map<String, Object> pm = incident(req("postmortem", id), actor, later, log);
        assertThat((String) pm.get("text")).contains(id, "3.4.0", "null check missing");

        try (Store prod = Stores.open(tmp.resolve("prod").toUri().toString(), null)) {
            Incident stored = new IncidentStore(prod, APP).read(id);
            assertThat(stored.status()).isEqualTo(Incident.MITIGATED);
            assertThat(stored.rolledBackTo()).isEqualTo("3.4.0");
            assertThat(stored.timeline()).extracting(e -> e.phase().label() + " " + e.actor())
                    .containsExactly("detect " + actor, "assess " + actor, "rollback " + actor,
                            "investigate " + actor);
        }
        Map<String, Object> all = incident(req("list", null), actor, later, log);
        assertThat((List<?>) all.get("incidents")).hasSize(1);
    }

    @Test
    void mistakesNameTheFieldAndWriteNothing() {
        assertThatThrownBy(() -> incident(req("open", null, "version", "3.4.1",
                "severity", "SEV-9", "summary", "s", "impact", "i"), actor, clock, log))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("severity: must be SEV-1, SEV-2 or SEV-3");
        assertThatThrownBy(() -> incident(req("open", null, "version", "3.4.1",
                "severity", "SEV-2", "impact", "i"), actor, clock, log))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("otaIncident needs summary:");
        assertThatThrownBy(() -> incident(req("close", "INC-1"), actor, clock, log))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("action: one of open, note");
        assertThatThrownBy(() -> incident(req("note", "INC-x", "phase", "later",
                "text", "t"), actor, clock, log)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("otaIncident phase:");
        assertThat(tmp.resolve("prod").resolve(APP).resolve("incidents")).doesNotExist();
    }
}
