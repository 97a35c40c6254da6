package io.otarelease.core.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials shipped in a bundle: AWS access key ids, PEM private key blocks, and high-entropy quoted
 * values assigned to names like {@code apiKey}, {@code client_secret} or {@code authToken}. Everything on a device
 * is readable by its owner, so any of these is a leak. Findings carry the place and the kind, never the value:
 * gate output ends up in build logs.
 */
final class SecretScanner {
    static final String AWS_KEY = "secret/aws-access-key";
    static final String PRIVATE_KEY = "secret/private-key";
    static final String TOKEN = "secret/token";

    private static final Pattern AWS = Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])");
    private static final Pattern PEM = Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----");
    /**
     * A secret-like word inside a name. The name around it and the assignment are matched from there by hand:
     * a single pattern starting with {@code [A-Za-z0-9_$]*} backtracks quadratically over the long base64 runs
     * of inlined images that minified bundles carry.
     */
    private static final Pattern KEYWORD = Pattern.compile(
            "(?i)api[_-]?key|secret|token|passw(?:or)?d|access[_-]?key|auth[_-]?key|credential");
    /** After the name: an optional closing quote, {@code :} or {@code =}, then a quoted value. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "[\"']?\\s*(?::|=)\\s*([\"'`])([^\"'`\\s\\\\]{1,512})\\1");

    private final double minEntropy;
    private final int minLength;

    SecretScanner(double minEntropy, int minLength) {
        this.minEntropy = minEntropy;
        this.minLength = minLength;
    }

    List<Finding> scan(String path, String text) {
        List<Finding> out = new ArrayList<>();
        Matcher m = AWS.matcher(text);
        while (m.find()) {
            out.add(at(path, text, m.start(), AWS_KEY, "an AWS access key id is in the bundle; revoke it and "
                    + "fetch credentials at run time (Cognito, a backend) instead"));
        }
        m = PEM.matcher(text);
        while (m.find()) {
            String kind = m.group(1).isEmpty() ? "a" : "a " + m.group(1).trim();
            out.add(at(path, text, m.start(), PRIVATE_KEY, kind + " private key (PEM) is in the bundle; revoke it "
                    + "and keep private keys off devices"));
        }
        m = KEYWORD.matcher(text);
        Matcher assignment = ASSIGNMENT.matcher(text);
        int searchFrom = 0;
        while (searchFrom < text.length() && m.find(searchFrom)) {
            int nameStart = m.start();
            while (nameStart > 0 && isNameChar(text.charAt(nameStart - 1))) {
                nameStart--;
            }
            int nameEnd = m.end();
            while (nameEnd < text.length() && isNameChar(text.charAt(nameEnd))) {
                nameEnd++;
            }
            searchFrom = nameEnd;
            assignment.region(nameEnd, text.length());
            if (!assignment.lookingAt()) {
                continue;
            }
            String value = assignment.group(2);
            if (value.length() >= minLength && entropy(value) >= minEntropy && !AWS.matcher(value).find()) {
                out.add(at(path, text, nameStart, TOKEN, String.format("a high-entropy value (%d characters) is "
                        + "assigned to '%s'; move it to a backend or the build's secret store",
                        value.length(), shorten(text.substring(nameStart, nameEnd)))));
            }
        }
        return out;
    }

    private static Finding at(String path, String text, int offset, String rule, String message) {
        int[] lc = BundleContent.lineColumn(text, offset);
        return new Finding(rule, path, lc[0], lc[1], message);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static String shorten(String name) {
        return name.length() <= 64 ? name : name.substring(0, 61) + "...";
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        double n = s.length();
        for (int c : counts) {
            if (c > 0) {
                h -= (c / n) * (Math.log(c / n) / Math.log(2));
            }
        }
        if (other > 0) {
            h -= (other / n) * (Math.log(other / n) / Math.log(2));
        }
        return h;
    }
}
