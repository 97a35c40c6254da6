package io.otarelease.cli;

import io.otarelease.core.doctor.BucketChecks;
import io.otarelease.core.doctor.CredentialChecks;
import io.otarelease.core.doctor.Finding;
import io.otarelease.core.store.Store;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check a release setup against the secret-protection rules, changing nothing.",
            "Reads the production bucket's default encryption and versioning and the staging bucket's encryption "
                + "(the same checks 'ota promote' makes), and where the AWS SDK would take its credentials from: a "
                + "static access key without a session token is a warning (use a role assumed with web identity, "
                + "docs/security.md \"No long-lived keys\"). One line per check on stdout, starting with its status: "
                + "OK, NOT APPLICABLE (file stores), a warning, MISSING or UNREADABLE (the credentials may not read the setting: grant "
                + "s3:GetEncryptionConfiguration and s3:GetBucketVersioning, see 'ota iam-policy promoter').",
            "  ota doctor --store s3://acme-prod/ota --from-store s3://acme-staging/ota --bucket-checks refuse"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing missing (or --bucket-checks warn)", "1:--bucket-checks refuse and a bucket "
            + "setting is missing", "2:bad options, or --bucket-checks refuse and a setting cannot be read",
            "3:the store failed (re-run)"})
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "The production store.")
    String store;

    @Option(names = "--from-store", paramLabel = "URL", description = "The staging store (checked for encryption).")
    String from;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    BucketCheckOptions bucketChecks;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Finding> findings = new ArrayList<>();
        try (Store prod = storeOptions.open(store); Store staging = from == null ? null : storeOptions.open(from)) {
            findings.addAll(BucketChecks.check(prod, staging));
        }
        Map<String, String> properties = new TreeMap<>();
        System.getProperties().stringPropertyNames().forEach(n -> properties.put(n, System.getProperty(n)));
        findings.addAll(CredentialChecks.check(System.getenv(), properties, Path.of(System.getProperty("user.home"))));
        findings.forEach(f -> out.println(f.line()));
        out.flush();
        BucketChecks.enforce(findings, bucketChecks.mode, new PrintWriter(Writer.nullWriter()));
        return 0;
    }
}
