package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One option name, one meaning, across every command. The table below declares the concept of each name; the test
 * walks every command's options and fails on a name it does not declare, on a name whose uses disagree in value type
 * or label (how {@code --to} once took a store URL, a version and a date), on an old spelling that came back, and on
 * a name the README's option table leaves out.
 */
class OptionNamesTest {
    private static final Map<String, String> CONCEPTS = new LinkedHashMap<>();

    private static void concept(String meaning, String... names) {
        for (String n : names) {
            assertThat(CONCEPTS.put(n, meaning)).as("%s declared twice", n).isNull();
        }
    }

    static {
        concept("the store the command works on (production for the release commands): file:///path or "
                + "s3://bucket/prefix",
                "--store");
        concept("the store a release is copied from (staging)", "--from-store");
        concept("what a bucket without default encryption or versioning does to a promotion (warn, refuse)",
                "--bucket-checks");
        concept("the AWS account named in the ARNs of a printed IAM policy", "--aws-account");
        concept("S3: endpoint, region, path-style addressing", "--s3-endpoint", "--s3-region", "--path-style");
        concept("copies or uploads at once", "--parallel");
        concept("the registry in DynamoDB: table, endpoint, region",
                "--registry-table", "--dynamodb-endpoint", "--dynamodb-region");
        concept("the application id", "--app-id");
        concept("the channel (default production)", "--channel");
        concept("a bundle version: the one a manifest is made for, or the release an incident is about",
                "--bundle-version");
        concept("the version rolled back to (previous by default)", "--to-version");
        concept("the version a canary compares with", "--baseline-version");
        concept("native app versions", "--min-native-version", "--native-version");
        concept("the platform a bundle is made for (android, ios)", "--platform");
        concept("build provenance written into the manifest", "--source-commit", "--source-ref", "--build-url");
        concept("a date range (UTC days, inclusive)", "--since", "--until");
        concept("a moment", "--released-at");
        concept("trusted-keys.json: the public keys devices trust", "--trusted-keys");
        concept("the trust folder and its documents",
                "--trust-dir", "--root-keys", "--release-keys", "--channel-keys", "--new-keys", "--role",
                "--keep-old", "--threshold", "--valid-days", "--root-valid-days");
        concept("the signer and its key (every command that signs)",
                "--signer", "--key-id", "--algorithm", "--private-key");
        concept("PKCS#11 token",
                "--pkcs11-config", "--pkcs11-library", "--pkcs11-slot", "--pkcs11-slot-index", "--key-label",
                "--pin-env", "--pin-file");
        concept("signing server",
                "--signer-url", "--client-p12", "--client-p12-password-env", "--client-p12-password-file",
                "--server-ca", "--server-pin");
        concept("AWS KMS: key, region, endpoint", "--kms-key", "--kms-region", "--kms-endpoint");
        concept("overwrite an existing key file", "--force");
        concept("how long a signed pointer stays valid", "--pointer-validity");
        concept("rollout percent, or its steps", "--percent", "--steps");
        concept("mark the release urgent in the signed pointer (devices apply it at once)", "--urgent");
        concept("preview one verified release in a browser, with Cordova's platform files", "--preview",
                "--platform-www");
        concept("who acts and why, for the audit log", "--actor", "--reason");
        concept("allow a quarantined release as the rollback target", "--allow-quarantined");
        concept("refresh an expired pointer; start a channel's signed history", "--allow-expired", "--start-history");
        concept("CDN invalidation: type (none, cloudfront), distribution, endpoint, path prefix, waiting",
                "--cdn", "--cdn-distribution", "--cdn-endpoint", "--cdn-path-prefix", "--wait", "--wait-timeout");
        concept("the store root as devices reach it (through the CDN)", "--cdn-url");
        concept("where KPIs are read: prometheus:URL or json:URL", "--metrics");
        concept("KPI levels, window, sessions, per-request timeout",
                "--thresholds", "--window", "--min-sessions", "--timeout");
        concept("canary outcome and its action", "--verdict-file", "--rollback-on-fail");
        concept("rollout pacing", "--check-every", "--max-wait");
        concept("adoption report", "--lookback", "--chart");
        concept("the ota-notify/1 YAML", "--notify-config");
        concept("message fields and delivery", "--notify-note", "--notify-eta", "--field", "--best-effort");
        concept("incident fields",
                "--severity", "--summary", "--impact", "--detected", "--phase", "--text", "--eta", "--json");
        concept("extra report files", "--junit", "--sarif", "--html", "--out");
        concept("gate inputs", "--policy", "--npm-audit", "--licenses");
        concept("ticket export", "--tickets");
        concept("the signing server's signer.yaml", "--config");
        concept("listening: address, port, pointer max-age", "--bind", "--port", "--channel-max-age");
        concept("fleet simulation",
                "--devices", "--duration", "--crash-rate", "--start-failure-rate", "--seed", "--poll-interval",
                "--session-interval", "--report-every", "--metrics-port");
        concept("telemetry collector: ingest limits, replay memory, activity, known label values", "--collector",
                "--telemetry-url", "--rate", "--burst", "--dedup-ttl", "--dedup-max", "--active-ttl", "--max-installs",
                "--known-app", "--known-channel", "--known-version", "--max-apps", "--max-channels", "--max-versions");
        concept("retention", "--grace");
        concept("demo directories", "--work", "--bundle");
        concept("do nothing, print what would be done", "--dry-run");
        concept("worker threads", "--threads");
        concept("help and version", "-h", "--help", "-V", "--version");
    }

    private record Use(String command, OptionSpec option) {
        String shape() {
            // booleans have no value label; anything else must agree on its type and label
            return option.arity().max() == 0 ? "flag" : boxed(option.type()).getSimpleName() + " " + option.paramLabel();
        }

        /** int and Integer are one shape: a default or its absence is not a second meaning. */
        private static Class<?> boxed(Class<?> type) {
            return type == int.class ? Integer.class : type == long.class ? Long.class
                    : type == double.class ? Double.class : type;
        }
    }

    private static Map<String, List<Use>> allOptions() {
        Map<String, List<Use>> uses = new TreeMap<>();
        walk(Ota.commandLine(), uses);
        return uses;
    }

    private static void walk(CommandLine cl, Map<String, List<Use>> uses) {
        String command = DeprecatedOptions.commandName(cl.getCommandSpec());
        for (OptionSpec o : cl.getCommandSpec().options()) {
            for (String name : o.names()) {
                uses.computeIfAbsent(name, n -> new ArrayList<>()).add(new Use(command.isEmpty() ? "ota" : command, o));
            }
        }
        cl.getSubcommands().values().stream().filter(sub -> sub.getParent() == cl).forEach(sub -> walk(sub, uses));
    }

    /** "prometheus:URL" narrows "prometheus:URL|json:URL": a command may accept fewer forms of the same value. */
    private static boolean sameShape(String a, String b) {
        return a.equals(b) || List.of(a.split("\\|")).containsAll(List.of(b.split("\\|")))
                || List.of(b.split("\\|")).containsAll(List.of(a.split("\\|")));
    }

    @Test
    void everyOptionNameIsDeclaredWithOneConceptAndOneShape() {
        List<String> problems = new ArrayList<>();
        allOptions().forEach((name, uses) -> {
            if (!CONCEPTS.containsKey(name)) {
                problems.add(name + " (" + uses.get(0).command() + ") has no declared concept: add it to this table "
                        + "and the README's, or reuse the name that already means it");
            }
            String first = uses.get(0).shape();
            uses.stream().filter(u -> !sameShape(first, u.shape())).forEach(u -> problems.add(name + " is "
                    + first + " in " + uses.get(0).command() + " but " + u.shape() + " in " + u.command()));
        });
        assertThat(problems).isEmpty();
        assertThat(CONCEPTS.keySet()).as("declared names no command has any more")
                .allMatch(allOptions()::containsKey);
    }

    @Test
    void oldSpellingsOnlyComeBackWithTheirOneMeaning() {
        Map<String, List<Use>> options = allOptions();
        for (DeprecatedOptions.Alias a : DeprecatedOptions.ALIASES) {
            assertThat(CONCEPTS).as("the replacement of %s", a.old()).containsKey(a.replacement());
            List<Use> stillThere = options.getOrDefault(a.old(), List.of());
            // an old name may live on only where it always meant one declared thing (keygen --force)
            assertThat(stillThere).as("%s is an option of %s again", a.old(), a.command())
                    .noneMatch(u -> u.command().equals(a.command()));
            if (!a.command().equals("*")) {
                assertThat(options.get(a.replacement())).as("%s has %s", a.command(), a.replacement())
                        .anyMatch(u -> u.command().equals(a.command()));
            }
        }
    }

    @Test
    void theReadmeTableListsEveryOptionName() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("## Option names");
        assertThat(start).as("README.md has an 'Option names' section").isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        assertThat(allOptions().keySet()).allSatisfy(name -> assertThat(section).contains("`" + name + "`"));
    }
}
