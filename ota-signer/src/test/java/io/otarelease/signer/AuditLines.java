package io.otarelease.signer;

import io.otarelease.client.json.JsonFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** Reads an audit log back, one strict JSON object per line (a torn line fails the parse). */
final class AuditLines {
    private AuditLines() {
    }

    static List<JsonFields> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.stream().map(l -> JsonFields.parse(l.getBytes(StandardCharsets.UTF_8), file.toString())).toList();
    }

    static JsonFields last(List<JsonFields> lines, Predicate<JsonFields> which) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (which.test(lines.get(i))) {
                return lines.get(i);
            }
        }
        throw new AssertionError("no audit line matches");
    }
}
