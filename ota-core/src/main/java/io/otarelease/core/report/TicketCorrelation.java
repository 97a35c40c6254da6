package io.otarelease.core.report;

import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The support feedback loop: support tickets tagged with an OTA version (a CSV export with a header row holding
 * {@code id} and {@code version}; {@code ota_version} is accepted for the latter) counted per release of the
 * registry. Tickets naming a version the registry does not know, and untagged tickets, are counted apart, never
 * folded into a release.
 */
public final class TicketCorrelation {
    /** Per release: how many tickets, and which (the first few ids). */
    public record Row(String version, String status, String released, int tickets, List<String> ids) {
    }

    public record Result(List<Row> releases, Map<String, Integer> unknownVersions, int untagged, int total) {
        public String text() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%-14s %-15s %-17s %7s  %s%n", "VERSION", "STATUS", "RELEASED",
                    "TICKETS", "SHARE"));
            for (Row r : releases) {
                out.append(String.format(Locale.ROOT, "%-14s %-15s %-17s %7d  %s%s%n", r.version(), r.status(),
                        r.released() == null ? "—" : r.released().substring(0, Math.min(16, r.released().length())),
                        r.tickets(), share(r.tickets()), r.ids().isEmpty() ? "" : "  e.g. " + String.join(", ", r.ids())));
            }
            unknownVersions.forEach((v, n) -> out.append(String.format(Locale.ROOT,
                    "%-14s %-15s %-17s %7d  %s%n", v, "not in registry", "—", n, share(n))));
            out.append(String.format(Locale.ROOT, "%-14s %-15s %-17s %7d  %s%n", "(untagged)", "", "", untagged,
                    share(untagged)));
            out.append(total).append(" tickets in all\n");
            return out.toString();
        }

        private String share(int n) {
            return total == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / total);
        }
    }

    private TicketCorrelation() {
    }

    public static Result correlate(String csv, String document, RegistryDocument registry) {
        List<List<String>> rows = Csv.parse(csv, document);
        if (rows.isEmpty()) {
            throw new OtaException.BadInput(document + " is empty: expected a header row with id and version");
        }
        List<String> header = rows.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int id = header.indexOf("id");
        int version = header.indexOf("version") >= 0 ? header.indexOf("version") : header.indexOf("ota_version");
        if (id < 0 || version < 0) {
            throw new OtaException.BadInput(document + ": the header row must name the columns id and version "
                    + "(or ota_version) but is " + header);
        }
        Map<String, List<String>> byVersion = new TreeMap<>();
        int untagged = 0;
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue;
            }
            if (r.size() != header.size()) {
                throw new OtaException.BadInput(document + ": row " + (i + 1) + " has " + r.size() + " fields, the "
                        + "header " + header.size());
            }
            String v = r.get(version).strip().replaceFirst("^v", "");
            if (v.isEmpty()) {
                untagged++;
            } else {
                byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(r.get(id).strip());
            }
        }
        List<Row> out = new ArrayList<>();
        for (ReleaseEntry e : registry.newestFirst()) {
            List<String> ids = byVersion.getOrDefault(e.version(), List.of());
            out.add(new Row(e.version(), e.status().label(), e.released(), ids.size(), ids.subList(0, Math.min(3, ids.size()))));
        }
        Map<String, Integer> unknown = new LinkedHashMap<>();
        byVersion.forEach((v, ids) -> {
            if (registry.find(v).isEmpty()) {
                unknown.put(v, ids.size());
            }
        });
        return new Result(out, unknown, untagged, rows.size() - 1 - (int) rows.stream().skip(1)
                .filter(r -> r.size() == 1 && r.get(0).isBlank()).count());
    }

    /** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
    static final class Csv {
        private Csv() {
        }

        static List<List<String>> parse(String text, String document) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            int line = 1;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"') {
                    if (field.length() > 0 || wasQuoted) {
                        throw new OtaException.BadInput(document + ": line " + line + ": a quote inside an unquoted field");
                    }
                    quoted = true;
                    wasQuoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    rows.add(row);
                    row = new ArrayList<>();
                    field.setLength(0);
                    wasQuoted = false;
                    line++;
                } else {
                    if (wasQuoted) {
                        throw new OtaException.BadInput(document + ": line " + line + ": text after a closing quote");
                    }
                    field.append(c);
                }
            }
            if (quoted) {
                throw new OtaException.BadInput(document + ": a quoted field is never closed");
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
