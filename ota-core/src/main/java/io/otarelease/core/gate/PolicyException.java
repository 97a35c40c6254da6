package io.otarelease.core.gate;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * An allowlist entry of the policy: findings of {@code rule} (exact, or a prefix ending in {@code /*}) on paths
 * matching {@code path} (a glob: {@code *} within a segment, {@code **} across segments, {@code ?} one character)
 * do not block, until {@code expires} has passed. An expired entry allows nothing and fails the gate, so every
 * exception is revisited.
 */
public record PolicyException(String path, String rule, String justification, LocalDate expires) {
    /**
     * Rules no exception can cover, not even {@code *}: a bundle whose signature does not verify would be refused
     * by every device, and an allowlist must not be able to switch off its own expiry or the policy's required
     * inputs.
     */
    static boolean neverExcepted(String rule) {
        return rule.startsWith("signature/") || rule.startsWith("exception/") || rule.startsWith("input/");
    }

    public boolean expiredOn(LocalDate today) {
        return today.isAfter(expires);
    }

    public boolean covers(Finding f) {
        return ruleMatches(f.rule()) && glob(path).matcher(f.path()).matches();
    }

    boolean ruleMatches(String id) {
        if (rule.equals("*")) {
            return true;
        }
        if (rule.endsWith("/*")) {
            return id.startsWith(rule.substring(0, rule.length() - 1));
        }
        return rule.equals(id);
    }

    /** Compiles a glob to a regular expression; everything but the wildcards matches literally. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?"); // "**/" also matches no directory at all
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
