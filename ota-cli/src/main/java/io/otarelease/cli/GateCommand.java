package io.otarelease.cli;

import io.otarelease.core.gate.GatePolicy;
import io.otarelease.core.gate.GateReport;
import io.otarelease.core.gate.GateRunner;
import io.otarelease.core.gate.JUnitReport;
import io.otarelease.core.gate.PolicyLoader;
import io.otarelease.core.gate.SarifReport;
import io.otarelease.core.io.AtomicFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Run the release policy gates on a bundle directory: size, dangerous JavaScript (parsed, not "
                + "grepped), source maps, secrets, npm audit, licenses and the signature, with the policy's "
                + "exceptions. Every gate runs; the summary lists what to fix."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every gate passed", "1:a gate failed (findings are printed)",
            "2:bad policy, report or option (the key or field at fault is named)"})
final class GateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The bundle directory.")
    Path dir;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Policy YAML; keys it leaves out keep the defaults (resources/policy/default-policy.yaml).")
    Path policy;

    @Option(names = "--npm-audit", paramLabel = "FILE", description = "The output of npm audit --json (npm 7+).")
    Path npmAudit;

    @Option(names = "--licenses", paramLabel = "FILE", description = "The output of license-checker --json.")
    Path licenses;

    @Option(names = "--trusted-keys", paramLabel = "FILE",
            description = "trusted-keys.json, to verify the manifest signature as a device would.")
    Path trustedKeys;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML (one test case per gate).")
    Path junit;

    @Option(names = "--sarif", paramLabel = "FILE", description = "Also write SARIF 2.1.0 (one result per finding).")
    Path sarif;

    @Override
    public Integer call() {
        GatePolicy p = policy == null ? PolicyLoader.defaults() : PolicyLoader.load(policy);
        Clock clock = Clock.systemUTC();
        GateReport report = new GateRunner(p, clock).run(new GateRunner.Inputs(dir, npmAudit, licenses,
                trustedKeys == null ? null : TrustedKeysFiles.read(trustedKeys)));
        if (junit != null) {
            AtomicFiles.write(junit, JUnitReport.write(report, clock.instant()));
        }
        if (sarif != null) {
            AtomicFiles.write(sarif, SarifReport.write(report));
        }
        spec.commandLine().getOut().print(report.summary());
        spec.commandLine().getOut().flush();
        return report.passed() ? 0 : 1;
    }
}
