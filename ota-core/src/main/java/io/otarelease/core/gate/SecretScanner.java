package io.otarelease.core.gate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials shipped in a bundle: provider keys recognisable by their prefix (AWS, Stripe, GitHub, Slack
 * webhooks, Google API keys, JWTs), private keys (PEM, base64-wrapped PEM, base64 DER), and high-entropy quoted
 * values assigned to names like {@code apiKey}, {@code client_secret} or {@code signingKey}. Literals joined with
 * {@code +} are read joined ({@code 'AKIA' + '...'}). Everything on a device is readable by its owner, so any of
 * these is a leak. Findings carry the place and the kind, never the value: gate output ends up in build logs.
 *
 * <p>The provider patterns follow gitleaks' default rule set (config/gitleaks.toml, rules aws-access-token,
 * stripe-access-token, github-pat, github-oauth, github-app-token, github-refresh-token, github-fine-grained-pat,
 * slack-webhook-url, gcp-api-key, jwt, private-key), reduced to the providers a mobile web bundle meets.
 */
final class SecretScanner {
    static final String AWS_KEY = "secret/aws-access-key";
    static final String PRIVATE_KEY = "secret/private-key";
    static final String TOKEN = "secret/token";
    static final String STRIPE_KEY = "secret/stripe-key";
    static final String GITHUB_TOKEN = "secret/github-token";
    static final String SLACK_WEBHOOK = "secret/slack-webhook";
    static final String GOOGLE_API_KEY = "secret/google-api-key";
    static final String JWT = "secret/jwt";
    static final String UNSCANNED = "secret/unscanned";

    /** A secret recognisable by its own shape, whatever name it is assigned to. */
    private record Rule(String id, Pattern pattern, String message) {
    }

    // Each pattern starts with a literal and only then looks behind: a look-behind as the first node runs at every
    // offset of the file and made the gate several times slower on megabytes of minified code.
    private static final Pattern AWS = Pattern.compile("A(?<![A-Z0-9]A)(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}(?![A-Z0-9])");
    private static final String END = "(?![A-Za-z0-9_])";
    private static final List<Rule> RULES = List.of(
            new Rule(AWS_KEY, AWS, "an AWS access key id is in the bundle; revoke it and fetch credentials at run "
                    + "time (Cognito, a backend) instead"),
            new Rule(STRIPE_KEY, Pattern.compile("[sr](?<![A-Za-z0-9_][sr])k_(?:test|live|prod)_[a-zA-Z0-9]{10,99}"
                    + END), "a Stripe secret or restricted key is in the bundle; roll it in the Stripe dashboard "
                    + "(apps only ever need the publishable pk_ key)"),
            new Rule(GITHUB_TOKEN, Pattern.compile("g(?<![A-Za-z0-9_]g)h(?:[pousr]_[0-9a-zA-Z]{36}"
                    + "|ithub_pat_\\w{82})" + END), "a GitHub token is in the bundle; revoke it on GitHub"),
            new Rule(SLACK_WEBHOOK, Pattern.compile("hooks\\.slack\\.com/(?:services|workflows|triggers)/"
                    + "[A-Za-z0-9+/]{43,56}"), "a Slack webhook URL is in the bundle; anyone can post with it: "
                    + "regenerate it and post through a backend"),
            new Rule(GOOGLE_API_KEY, Pattern.compile("AIza(?<![\\w-]AIza)[\\w-]{35}(?![\\w-])"), "a Google API key "
                    + "is in the bundle; restrict it to the app (or allow a restricted Firebase web key with a "
                    + "policy exception)"),
            new Rule(JWT, Pattern.compile("e(?<![A-Za-z0-9_-]e)y[a-zA-Z0-9]{17,}\\.ey[a-zA-Z0-9/_-]{17,}\\."
                    + "(?:[a-zA-Z0-9/_-]{10,}={0,2})?"), "a JSON Web Token is in the bundle; whoever reads it can "
                    + "replay it: issue tokens at run time"));
    private static final Pattern PEM = Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----");
    /** Base64 of "-----BEGIN" (a PEM block base64-wrapped once more). */
    private static final Pattern BASE64_PEM = Pattern.compile("LS0tLS1CRUdJTi[A-Za-z0-9+/]{10,}");
    /** Base64 of a DER SEQUENCE ("M..."), at the start of a run. */
    private static final Pattern BASE64_DER = Pattern.compile("M(?<![A-Za-z0-9+/]M)[A-Za-z0-9+/]{40,}");
    /** Base64 of an OpenSSH private key ("openssh-key-v1"). */
    private static final Pattern BASE64_OPENSSH = Pattern.compile("b3BlbnNzaC1rZXktdjE[A-Za-z0-9+/]{40,}");
    /** A string literal closed, {@code +}, and the next one opened: read as one literal. */
    private static final Pattern CONCATENATION = Pattern.compile("[\"'`]\\s*\\+\\s*[\"'`]");
    /**
     * A secret-like word inside a name. The name around it and the assignment are matched from there by hand:
     * a single pattern starting with {@code [A-Za-z0-9_$]*} backtracks quadratically over the long base64 runs
     * of inlined images that minified bundles carry.
     */
    private static final Pattern KEYWORD = Pattern.compile("a(?:pi|ccess|uth)[_-]?key|p(?:rivate[_-]?key"
            + "|assw(?:or)?d)|s(?:ecret|igning[_-]?key)|token|credential"); // matched on ASCII-lowered text
    /** After the name: an optional closing quote, {@code :} or {@code =}, then a quoted value. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "[\"']?\\s*(?::|=)\\s*([\"'`])([^\"'`\\s\\\\]{1,8192})\\1");

    private final double minEntropy;
    private final int minLength;

    SecretScanner(double minEntropy, int minLength) {
        this.minEntropy = minEntropy;
        this.minLength = minLength;
    }

    List<Finding> scan(String path, String original) {
        Joined joined = Joined.of(original);
        String text = joined.text();
        List<Finding> out = new ArrayList<>();
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                if (!(rule.id().equals(JWT) && isPublicSupabaseKey(m.group()))) {
                    out.add(at(path, original, joined.original(m.start()), rule.id(), rule.message()));
                }
            }
        }
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String kind = m.group(1).isEmpty() ? "a" : "a " + m.group(1).trim();
            out.add(at(path, original, joined.original(m.start()), PRIVATE_KEY, kind + " private key (PEM) is in "
                    + "the bundle; revoke it and keep private keys off devices"));
        }
        m = BASE64_PEM.matcher(text);
        while (m.find()) {
            if (PEM.matcher(base64Prefix(m.group(), 120)).find()) {
                out.add(at(path, original, joined.original(m.start()), PRIVATE_KEY, "a base64-encoded PEM private "
                        + "key is in the bundle; revoke it and keep private keys off devices"));
            }
        }
        for (Pattern der : List.of(BASE64_DER, BASE64_OPENSSH)) {
            m = der.matcher(text);
            while (m.find()) {
                if (isDerPrivateKey(m.group())) {
                    out.add(at(path, original, joined.original(m.start()), PRIVATE_KEY, "a private key (base64 DER) "
                            + "is in the bundle; revoke it and keep private keys off devices"));
                }
            }
        }
        keywordAssignments(path, original, joined, out);
        return out;
    }

    private void keywordAssignments(String path, String original, Joined joined, List<Finding> out) {
        String text = joined.text();
        Matcher m = KEYWORD.matcher(asciiLowerCase(text));
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
            if (value.length() >= minLength && entropy(value) >= minEntropy && !coveredByRule(value)) {
                out.add(at(path, original, joined.original(nameStart), TOKEN, String.format("a high-entropy value "
                        + "(%d characters) is assigned to '%s'; move it to a backend or the build's secret store",
                        value.length(), shorten(text.substring(nameStart, nameEnd)))));
            }
        }
    }

    /** Lower case for ASCII letters only, so every offset stays where it was. */
    private static String asciiLowerCase(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] += 'a' - 'A';
            }
        }
        return new String(c);
    }

    /** A value a shape rule already reports is not reported twice. */
    private static boolean coveredByRule(String value) {
        return RULES.stream().anyMatch(r -> r.pattern().matcher(value).find()) || BASE64_PEM.matcher(value).find()
                || (BASE64_DER.matcher(value).lookingAt() || BASE64_OPENSSH.matcher(value).lookingAt())
                && isDerPrivateKey(value);
    }

    /** Supabase's anon key is a JWT made to be public (role "anon"); every other JWT is a credential. */
    private static boolean isPublicSupabaseKey(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1].replace('/', '_')
                    .replaceAll("=+$", "")), StandardCharsets.UTF_8);
            return payload.replace(" ", "").contains("\"role\":\"anon\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The text the first {@code chars} base64 characters of {@code run} encode. */
    private static String base64Prefix(String run, int chars) {
        int n = Math.min(run.length(), chars) / 4 * 4;
        return new String(Base64.getDecoder().decode(run.substring(0, n)), StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether a base64 run starts like a DER private key: a SEQUENCE whose first element is the version INTEGER
     * 0 or 1 followed by an AlgorithmIdentifier (PKCS#8), the RSA modulus (PKCS#1) or the key OCTET STRING (SEC1),
     * or an OpenSSH private key. Public keys and certificates start with a SEQUENCE instead, so they never match.
     */
    static boolean isDerPrivateKey(String run) {
        if (run.startsWith("b3BlbnNzaC1rZXktdjE")) {
            return true;
        }
        if (run.length() < 40 || run.charAt(0) != 'M') {
            return false;
        }
        byte[] b;
        try {
            b = base64Prefix(run, 32).getBytes(StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return false; // not base64
        }
        int i = 1;
        int len = b[i] & 0xff;
        i += len < 0x80 ? 1 : 1 + (len & 0x7f);
        return b[0] == 0x30 && i + 3 < b.length && b[i] == 0x02 && b[i + 1] == 0x01
                && (b[i + 2] == 0x00 || b[i + 2] == 0x01) && (b[i + 3] == 0x30 || b[i + 3] == 0x02 || b[i + 3] == 0x04);
    }

    /** The text with {@code ' + '} between literals removed, and the way back to the original offsets. */
    private record Joined(String text, int[] at, int[] removedBefore) {
        static Joined of(String original) {
            Matcher m = CONCATENATION.matcher(original);
            if (!m.find()) {
                return new Joined(original, new int[0], new int[0]);
            }
            StringBuilder sb = new StringBuilder(original.length());
            List<int[]> cuts = new ArrayList<>();
            int last = 0;
            int removed = 0;
            do {
                sb.append(original, last, m.start());
                removed += m.end() - m.start();
                cuts.add(new int[] {sb.length(), removed});
                last = m.end();
            } while (m.find());
            sb.append(original, last, original.length());
            int[] at = cuts.stream().mapToInt(c -> c[0]).toArray();
            int[] before = cuts.stream().mapToInt(c -> c[1]).toArray();
            return new Joined(sb.toString(), at, before);
        }

        int original(int offset) {
            int i = Arrays.binarySearch(at, offset);
            int cut = i >= 0 ? i : -i - 2; // the last cut at or before offset
            while (cut + 1 < at.length && at[cut + 1] <= offset) {
                cut++;
            }
            return cut < 0 ? offset : offset + removedBefore[cut];
        }
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
