package io.otarelease.client.trust;

import io.otarelease.client.json.JsonFields;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Field readers shared by the trust documents. */
final class Documents {
    private Documents() {
    }

    static Instant instant(JsonFields doc, String key) {
        String s = doc.string(key);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw doc.fail(key, "is not an ISO-8601 UTC time like 2026-03-29T14:00:00Z");
        }
    }

    static void checkTimes(JsonFields doc, Instant issuedAt, Instant expiresAt) {
        if (!expiresAt.isAfter(issuedAt)) {
            throw doc.fail("expiresAt", "is not after issuedAt");
        }
    }
}
