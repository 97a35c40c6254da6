package io.otarelease.core.gate;

import java.util.List;
import java.util.Map;
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

    /**
     * The javascript gate: which files it parses, each rule's level ({@code js/eval-constant: warning}; rules not
     * listed are errors) and the global names a bundle may use besides the built-in list.
     */
    public record JavaScript(boolean enabled, Set<String> extensions, Map<String, RuleLevel> levels,
            Set<String> globals) {
        public JavaScript {
            extensions = Set.copyOf(extensions);
            levels = Map.copyOf(levels);
            globals = Set.copyOf(globals);
        }

        public RuleLevel level(String rule) {
            return levels.getOrDefault(rule, RuleLevel.ERROR);
        }
    }

    /** What a finding of a rule does: fail the gate, be reported without failing, or not be reported. */
    public enum RuleLevel {
        ERROR, WARNING, OFF;

        static RuleLevel parse(String s) {
            for (RuleLevel v : values()) {
                if (v.name().equalsIgnoreCase(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("must be error, warning or off, found '" + s + "'");
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
