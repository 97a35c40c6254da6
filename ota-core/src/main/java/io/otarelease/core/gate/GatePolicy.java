package io.otarelease.core.gate;

import java.util.List;
import java.util.Set;

/**
 * The thresholds and switches of every gate, as read from a policy file ({@code ota-policy/1}). Values are
 * validated by {@link PolicyLoader}; the defaults are the file {@code resources/policy/default-policy.yaml}.
 */
public record GatePolicy(Size size, JavaScript javascript, boolean sourceMaps, Secrets secrets, Audit audit,
        Licenses licenses, boolean signatureRequired, List<PolicyException> exceptions) {
    public GatePolicy {
        exceptions = List.copyOf(exceptions);
    }

    public record Size(long maxTotalKb, long maxFileKb, int listLargest) {
    }

    public record JavaScript(boolean enabled, Set<String> extensions) {
        public JavaScript {
            extensions = Set.copyOf(extensions);
        }
    }

    public record Secrets(boolean enabled, double minEntropy, int minLength) {
    }

    public record Audit(Severity failAt, boolean required) {
    }

    public record Licenses(List<String> forbidden, boolean required) {
        public Licenses {
            forbidden = List.copyOf(forbidden);
        }
    }

    /** npm audit severities, lowest first. */
    public enum Severity {
        INFO, LOW, MODERATE, HIGH, CRITICAL;

        public static Severity parse(String s) {
            for (Severity v : values()) {
                if (v.name().equalsIgnoreCase(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("must be one of info, low, moderate, high, critical, found '" + s
                    + "'");
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
