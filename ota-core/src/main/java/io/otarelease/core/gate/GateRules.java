package io.otarelease.core.gate;

import java.util.Map;
import java.util.TreeMap;

/**
 * What each rule id means and how to fix a finding, as SARIF readers (GitHub code scanning, Jenkins' Warnings
 * plugin) show it next to the result: a one-line summary, a full description and the help text.
 */
final class GateRules {
    record Text(String summary, String description, String help) {
    }

    private static final Map<String, Text> TEXTS = new TreeMap<>();

    private static void rule(String id, String summary, String description, String help) {
        TEXTS.put(id, new Text(summary, description, help));
    }

    static {
        rule(FileGates.SIZE_TOTAL, "The bundle is larger than the policy's total limit.",
                "Every device downloads the whole bundle; the policy's size.maxTotalKb caps it.",
                "Remove unused assets, compress images, or raise size.maxTotalKb in the policy.");
        rule(FileGates.SIZE_FILE, "A file is larger than the policy's per-file limit.",
                "A single file over size.maxFileKb is usually a forgotten asset or an unminified build.",
                "Shrink or remove the file, or raise size.maxFileKb in the policy.");
        rule(DangerousCodeFinder.EVAL, "eval() runs a string as code.",
                "eval turns data into code: whoever controls the string controls the app.",
                "Parse data with JSON.parse and call functions directly instead of eval.");
        rule(DangerousCodeFinder.NEW_FUNCTION, "new Function() compiles a string into code.",
                "The Function constructor compiles a string, as eval does.",
                "Write the function in the source instead of building it from a string.");
        rule(DangerousCodeFinder.IMPLIED_EVAL, "setTimeout/setInterval with a string argument run it as code.",
                "A string first argument to setTimeout, setInterval or setImmediate is compiled like eval.",
                "Pass a function: setTimeout(() => tick(), 10).");
        rule(DangerousCodeFinder.DOCUMENT_WRITE, "document.write/writeln write raw markup.",
                "document.write parses its argument as HTML, so data in it can inject scripts.",
                "Build elements with createElement and textContent.");
        rule(DangerousCodeFinder.HTML_ASSIGNMENT, "Assigning innerHTML/outerHTML parses a string as markup.",
                "Markup built from data can carry event handlers and scripts into the page.",
                "Use textContent, or build elements with createElement.");
        rule(DangerousCodeFinder.INSERT_ADJACENT_HTML, "insertAdjacentHTML parses a string as markup.",
                "insertAdjacentHTML parses its argument as HTML, as innerHTML does.",
                "Use insertAdjacentText or build elements with createElement.");
        rule(DangerousCodeFinder.HTML_PARSE, "createContextualFragment or DOMParser parses a string as markup.",
                "Markup parsed from data can carry event handlers and scripts into the page, as innerHTML does.",
                "Build elements with createElement and textContent, or sanitize with a maintained library.");
        rule(DangerousCodeFinder.SCRIPT_TEXT, "The text of a script element is set: it runs as code once inserted.",
                "Setting text, textContent or innerText of a script element and inserting it runs the string.",
                "Ship the code as a file of the bundle and load it with a static <script src>.");
        rule(DangerousCodeFinder.DYNAMIC_IMPORT, "import() of a computed, data: or blob: URL.",
                "Such an import loads code the signed bundle does not contain.",
                "Import modules of the bundle by their literal paths.");
        rule(UndefinedGlobals.RULE, "A global name no file of the bundle defines.",
                "A global used but defined by no file of the bundle and no known-globals list crashes at run time "
                        + "(ESLint's no-undef, across the bundle).",
                "Import or bundle what defines it, or add the name to the policy's javascript.globals.");
        for (String sink : DangerousCodeFinder.SINK_RULES) {
            rule(sink + DangerousCodeFinder.CONSTANT, "The sink " + sink + " with literal arguments only.",
                    "The file itself fixes what runs, so no data reaches the sink; often vendor code.",
                    "Review once; the default policy reports it as a warning (javascript.severity).");
        }
        rule(DangerousCodeFinder.PARSE_ERROR, "A file cannot be parsed, so it cannot be checked.",
                "The javascript gate refuses what it cannot read: a script, handler or file that does not parse "
                        + "could hide anything.",
                "Fix the syntax error at the given line and column, or remove the file.");
        rule(FileGates.MAP_FILE, "A source map file is in the bundle.",
                "Source maps give anyone with the app the original sources.",
                "Keep maps on the build runner (e.g. devtool: 'hidden-source-map') and leave *.map out of www.");
        rule(FileGates.MAP_COMMENT, "A sourceMappingURL comment is in the bundle.",
                "The comment points devices and debuggers at a source map.",
                "Build without the comment (e.g. devtool: 'hidden-source-map').");
        secrets();
        rule(DependencyGates.VULNERABILITY, "A dependency has a vulnerability at or above the threshold.",
                "npm audit reports an advisory at or above audit.failAt for a shipped package.",
                "Upgrade the package (npm audit fix), or record a policy exception with a justification.");
        rule(DependencyGates.FORBIDDEN_LICENSE, "A dependency's license expression requires a forbidden license.",
                "The package's SPDX expression cannot be satisfied without a license in licenses.forbidden.",
                "Replace the package, or ask legal and record a policy exception.");
        rule(DependencyGates.UNREADABLE_LICENSE, "A dependency's license is not an SPDX expression.",
                "A license that cannot be read cannot be checked against the forbidden list.",
                "Check the package's license by hand and record a policy exception naming it.");
        rule(GateRunner.SIGNATURE, "The manifest or its signature does not verify as a device would.",
                "Devices refuse a bundle whose files, manifest and signature do not match exactly.",
                "Sign the bundle after its last change, with a key listed in the trusted keys.");
        rule(GateRunner.EXPIRED_EXCEPTION, "A policy exception has expired.",
                "Exceptions expire so every allowed finding is revisited.",
                "Fix the finding, or renew the exception with a new justification and date.");
        rule(GateRunner.MISSING_INPUT, "A report the policy requires was not given.",
                "The policy requires an input (npm audit or license report) that the run did not get.",
                "Pass the report option named in the message, or set the policy's required key to false.");
    }

    private static void secrets() {
        String revoke = "Revoke the credential at its provider now (the bundle may already be on devices), then "
                + "fetch what the app needs at run time from a backend.";
        rule(SecretScanner.AWS_KEY, "An AWS access key id is in the bundle.",
                "AWS access key ids (AKIA..., ASIA...) give API access to whoever reads the bundle.", revoke);
        rule(SecretScanner.PRIVATE_KEY, "A private key is in the bundle.",
                "A PEM block, a base64-wrapped PEM block or a base64 DER (PKCS#8, PKCS#1, SEC1) or OpenSSH "
                        + "private key.", "Revoke the key and keep private keys off devices.");
        rule(SecretScanner.TOKEN, "A high-entropy value is assigned to a secret-like name.",
                "A quoted value of at least secrets.minLength characters and secrets.minEntropy bits per "
                        + "character assigned to a name such as apiKey, secret, token or signingKey.", revoke);
        rule(SecretScanner.STRIPE_KEY, "A Stripe secret or restricted key is in the bundle.",
                "sk_/rk_ keys move money; apps only need the publishable pk_ key.", revoke);
        rule(SecretScanner.GITHUB_TOKEN, "A GitHub token is in the bundle.",
                "ghp_, gho_, ghu_, ghs_, ghr_ or github_pat_ tokens act as their GitHub user or app.", revoke);
        rule(SecretScanner.SLACK_WEBHOOK, "A Slack webhook URL is in the bundle.",
                "Anyone with the URL can post into the channel.", revoke);
        rule(SecretScanner.GOOGLE_API_KEY, "A Google API key is in the bundle.",
                "AIza... keys are billed to their project; an unrestricted one can be used by anyone.",
                "Restrict the key to the app in the Google Cloud console, or move the call to a backend; a "
                        + "restricted Firebase web key may be allowed with a policy exception.");
        rule(SecretScanner.JWT, "A JSON Web Token is in the bundle.",
                "A signed token in the bundle can be replayed by whoever reads it (a Supabase anon key, made to "
                        + "be public, is not reported).", "Issue tokens at run time, after the user signs in.");
        rule(SecretScanner.UNSCANNED, "A file is too large to scan for secrets.",
                "A file that cannot be read cannot be shown to be free of secrets.",
                "Remove the file or make it smaller than the limit in the message.");
    }

    private GateRules() {
    }

    /** Every known rule id, sorted. */
    static Iterable<String> ids() {
        return TEXTS.keySet();
    }

    /** The level the default policy gives {@code id}'s findings, for SARIF's defaultConfiguration. */
    static String defaultLevel(String id) {
        return id.endsWith(DangerousCodeFinder.CONSTANT) || id.equals(UndefinedGlobals.RULE) ? "warning" : "error";
    }

    /** The texts of {@code id}; a rule this table does not know gets generic ones rather than none. */
    static Text of(String id) {
        Text t = TEXTS.get(id);
        return t != null ? t : new Text("ota gate rule " + id + ".", "A finding of the ota gate rule " + id + ".",
                "See the finding's message, and docs/gates.md for the rule.");
    }
}
