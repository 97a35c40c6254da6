package io.otarelease.cli.demo;

import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.gate.GateReport;
import io.otarelease.core.gate.GateRunner;
import io.otarelease.core.gate.JUnitReport;
import io.otarelease.core.gate.PolicyLoader;
import io.otarelease.core.gate.SarifReport;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.io.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/** The demo's gate steps: the signed sample passes every gate; a copy with an injected eval and source map fails. */
final class GateDemo {
    private final PrintWriter out;
    private final Consumer<String> step;

    GateDemo(PrintWriter out, Consumer<String> step) {
        this.out = out;
        this.step = step;
    }

    void run(Path signedBundle, TrustedKeys trusted, Path work) throws IOException {
        step.accept("Gates: run the default policy on the signed bundle (ota gate)");
        GateReport passed = gate(signedBundle, trusted, work.resolve("reports/signed"));
        if (!passed.passed()) {
            throw new OtaException.CheckFailed("the signed sample bundle failed the gates; this must never happen");
        }

        step.accept("Gates: inject eval() and a source map into a copy, then gate it again");
        Path injected = work.resolve("injected/www");
        FileTrees.copy(signedBundle, injected);
        Path js = DemoCommand.firstScript(injected);
        String name = js.getFileName().toString();
        Files.writeString(js, Files.readString(js, StandardCharsets.UTF_8)
                + "\neval(location.hash.slice(1));\n//# sourceMappingURL=" + name + ".map\n", StandardCharsets.UTF_8);
        Files.writeString(js.resolveSibling(name + ".map"), "{\"version\":3,\"sources\":[\"src/index.ts\"]}\n");
        out.println("   appended eval(location.hash.slice(1)) and a sourceMappingURL to " + injected.relativize(js)
                + ", added " + name + ".map");
        GateReport failed = gate(injected, trusted, work.resolve("reports/injected"));
        if (failed.passed()) {
            throw new OtaException.CheckFailed("the injected bundle passed the gates; this must never happen");
        }
        out.println("   refused, as it should be: a release stops here with exit code 1");
    }

    private GateReport gate(Path bundle, TrustedKeys trusted, Path reports) {
        Clock clock = Clock.systemUTC();
        GateReport report = new GateRunner(PolicyLoader.defaults(), clock)
                .run(new GateRunner.Inputs(bundle, null, null, trusted));
        for (String line : report.summary().split("\n")) {
            out.println("   " + line);
        }
        AtomicFiles.write(reports.resolve("gates.xml"), JUnitReport.write(report, clock.instant()));
        AtomicFiles.write(reports.resolve("gates.sarif"), SarifReport.write(report));
        out.println("   JUnit " + reports.resolve("gates.xml") + ", SARIF " + reports.resolve("gates.sarif"));
        out.flush();
        return report;
    }
}
