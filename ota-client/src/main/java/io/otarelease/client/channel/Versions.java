package io.otarelease.client.channel;

/**
 * The one version comparison of the project: device targeting ({@code minNativeVersion}), the rollout choice and
 * the engine all use it. Semantic Versioning 2.0 precedence: build metadata ({@code +...}) is ignored; the numeric
 * core compares component by component (a missing component counts as 0); a pre-release ({@code -...}) is lower
 * than its release; pre-release identifiers compare numerically when both are digits, else by ASCII, digits before
 * letters, and a shorter list of equal identifiers first. Numbers are compared as digit strings, never parsed, so a
 * component of any length cannot overflow. It never throws: an app's own version string is not validated, so a
 * core component that is not a number compares by its leading digits ("3.x" is 3.0).
 */
public final class Versions {
    private Versions() {
    }

    /** Negative, zero or positive as {@code a} precedes, equals or follows {@code b}. */
    public static int compare(String a, String b) {
        String x = withoutBuild(a);
        String y = withoutBuild(b);
        int dx = x.indexOf('-');
        int dy = y.indexOf('-');
        String[] cx = (dx < 0 ? x : x.substring(0, dx)).split("\\.", -1);
        String[] cy = (dy < 0 ? y : y.substring(0, dy)).split("\\.", -1);
        for (int i = 0; i < Math.max(cx.length, cy.length); i++) {
            int c = compareNumbers(leadingDigits(i < cx.length ? cx[i] : ""), leadingDigits(i < cy.length ? cy[i] : ""));
            if (c != 0) {
                return c;
            }
        }
        if (dx < 0 || dy < 0) {
            return dx < 0 ? (dy < 0 ? 0 : 1) : -1; // a release follows its pre-releases
        }
        return comparePreRelease(x.substring(dx + 1).split("\\.", -1), y.substring(dy + 1).split("\\.", -1));
    }

    /** Whether {@code version} is at least {@code minimum}. */
    public static boolean atLeast(String version, String minimum) {
        return compare(version, minimum) >= 0;
    }

    private static String withoutBuild(String v) {
        int plus = v.indexOf('+');
        return plus < 0 ? v : v.substring(0, plus);
    }

    private static int comparePreRelease(String[] p, String[] q) {
        for (int i = 0; i < Math.min(p.length, q.length); i++) {
            boolean np = isDigits(p[i]);
            boolean nq = isDigits(q[i]);
            int c;
            if (np && nq) {
                c = compareNumbers(p[i], q[i]);
            } else if (np || nq) {
                c = np ? -1 : 1; // numeric identifiers have lower precedence than alphanumeric ones
            } else {
                c = p[i].compareTo(q[i]);
            }
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        return Integer.compare(p.length, q.length);
    }

    /** Compares two digit strings as unbounded non-negative numbers (leading zeros and "" mean what they say). */
    private static int compareNumbers(String p, String q) {
        String m = stripZeros(p);
        String n = stripZeros(q);
        return m.length() != n.length() ? Integer.compare(m.length(), n.length()) : Integer.signum(m.compareTo(n));
    }

    private static String stripZeros(String digits) {
        int start = 0;
        while (start < digits.length() && digits.charAt(start) == '0') {
            start++;
        }
        return digits.substring(start);
    }

    private static String leadingDigits(String s) {
        int end = 0;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        return s.substring(0, end);
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && leadingDigits(s).length() == s.length();
    }
}
