package io.otarelease.core.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One fixed event of each type, the inputs of the golden files. */
final class SampleEvents {
    static final Instant AT = Instant.parse("2026-03-29T14:00:00Z");
    static final String APP = "com.example.shop";

    private SampleEvents() {
    }

    static Event pipeline() {
        return Event.of(EventType.PIPELINE, APP, AT, Map.of("version", "3.4.1", "stage", "gate", "status", "passed",
                "detail", "12 checks, 0 findings <no secrets>"));
    }

    static Event release() {
        return Event.of(EventType.RELEASE, APP, AT, Map.of("version", "3.4.1", "percent", "5",
                "change", "Fixed checkout flow timeout on Android 12+ & tablets",
                "eta", "100% by 2026-03-30T14:00Z if the canary stays green"));
    }

    static Event rollback() {
        return Event.of(EventType.ROLLBACK, APP, AT, Map.of("version", "3.4.1", "target", "3.4.0",
                "reason", "canary FAIL: Crash-free sessions 97.2% < 98% (critical)",
                "next", "incident INC-20260329-1400-3.4.1 is open; postmortem within 48 hours"));
    }

    static Event incident() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", "INC-20260329-1400-3.4.1");
        f.put("version", "3.4.1");
        f.put("severity", "SEV-1");
        f.put("impact", "5% of devices (the canary) crashed on launch; 3.4.0 is served to everyone again");
        f.put("status", "mitigated: rolled back, verifying");
        f.put("eta", "resolved by 14:30 UTC once error rates are back to baseline");
        return Event.of(EventType.INCIDENT, APP, AT, f);
    }

    static List<Event> all() {
        return List.of(pipeline(), release(), rollback(), incident());
    }
}
