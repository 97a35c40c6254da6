package io.otarelease.core.gate;

import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedBundle;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs every gate of a policy on a bundle directory and returns all results: one failing gate does not hide
 * another, so a developer sees everything to fix in one build. Bad inputs (an unreadable policy, a malformed
 * report) throw {@link OtaException.BadInput} instead, because no decision can be made on them.
 */
public final class GateRunner {
    /** What the gates read besides the bundle; the reports and keys are optional per the policy. */
    public record Inputs(Path bundle, Path npmAudit, Path licenses, TrustedKeys trustedKeys) {
    }

    static final String SIGNATURE = "signature/invalid";
    static final String EXPIRED_EXCEPTION = "exception/expired";
    static final String MISSING_INPUT = "input/missing";

    private final GatePolicy policy;
    private final Clock clock;

    public GateRunner(GatePolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    public GateReport run(Inputs in) {
        BundleContent bundle = BundleContent.read(in.bundle());
        List<GateResult> results = new ArrayList<>();
        results.add(timed(() -> FileGates.size(bundle, policy.size())));
        results.add(policy.javascript().enabled() ? timed(() -> FileGates.javascript(bundle, policy.javascript()))
                : GateResult.skipped("javascript", "switched off by the policy (javascript.enabled: false)"));
        results.add(policy.sourceMaps() ? timed(() -> FileGates.sourceMaps(bundle))
                : GateResult.skipped("source-maps", "switched off by the policy (sourceMaps.enabled: false)"));
        results.add(policy.secrets().enabled() ? timed(() -> secrets(bundle))
                : GateResult.skipped("secrets", "switched off by the policy (secrets.enabled: false)"));
        results.add(in.npmAudit() != null ? timed(() -> DependencyGates.audit(in.npmAudit(), policy.audit()))
                : missing("audit", "--npm-audit", policy.audit().required(), "audit.required"));
        results.add(in.licenses() != null ? timed(() -> DependencyGates.licenses(in.licenses(), policy.licenses()))
                : missing("licenses", "--licenses", policy.licenses().required(), "licenses.required"));
        results.add(in.trustedKeys() != null ? timed(() -> signature(in.bundle(), in.trustedKeys()))
                : missing("signature", "--trusted-keys", policy.signatureRequired(), "signature.required"));
        LocalDate today = LocalDate.now(clock);
        List<GateResult> allowed = new ArrayList<>();
        for (GateResult r : results) {
            allowed.add(applyExceptions(r, today));
        }
        allowed.add(exceptionsGate(today));
        return new GateReport(in.bundle(), allowed);
    }

    /** Every file is scanned, a binary one byte by byte; one too large to read is a finding, never a silent skip. */
    private GateResult secrets(BundleContent bundle) {
        SecretScanner scanner = new SecretScanner(policy.secrets().minEntropy(), policy.secrets().minLength());
        List<Finding> findings = new ArrayList<>();
        int scanned = 0;
        int binary = 0;
        for (BundleContent.File f : bundle.files()) {
            String text = bundle.text(f);
            if (text != null) {
                scanned++;
            } else if ((text = bundle.bytesAsText(f)) != null) {
                binary++;
            } else {
                findings.add(new Finding(SecretScanner.UNSCANNED, f.path(), 0, 0, String.format("is %s, too large to "
                        + "scan for secrets (limit %d MB); a file that cannot be scanned cannot pass",
                        FileGates.kb(f.size()), BundleContent.MAX_TEXT_BYTES >> 20)));
                continue;
            }
            findings.addAll(scanner.scan(f.path(), text));
        }
        return GateResult.of("secrets", scanned + " text files scanned" + (binary == 0 ? ""
                : ", " + binary + " binary files scanned byte by byte"), findings, List.of());
    }

    private static GateResult signature(Path dir, TrustedKeys keys) {
        try {
            VerifiedBundle v = new BundleVerifier(keys).verify(dir);
            return GateResult.of("signature", String.format("%s %s verified, signed by %s", v.manifest().appId(),
                    v.manifest().version(), v.key().keyId()), List.of(), List.of());
        } catch (VerificationException e) {
            return GateResult.failed("signature", "refused as a device would refuse it",
                    List.of(new Finding(SIGNATURE, "manifest.json", 0, 0, e.reason() + ": " + e.getMessage())));
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read bundle " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    private static GateResult missing(String gate, String option, boolean required, String key) {
        if (!required) {
            return GateResult.skipped(gate, "no " + option + " given");
        }
        return GateResult.failed(gate, "required by the policy (" + key + ": true) but no " + option + " given",
                List.of(new Finding(MISSING_INPUT, ".", 0, 0, "pass " + option + " FILE, or set " + key
                        + ": false in the policy")));
    }

    /** Findings a live exception covers stop blocking; an expired exception covers nothing. */
    private GateResult applyExceptions(GateResult r, LocalDate today) {
        if (r.findings().isEmpty() || policy.exceptions().isEmpty()) {
            return r;
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : r.findings()) {
            if (PolicyException.neverExcepted(f.rule())) {
                out.add(f);
                continue;
            }
            PolicyException by = policy.exceptions().stream()
                    .filter(e -> !e.expiredOn(today) && e.covers(f)).findFirst().orElse(null);
            out.add(by == null ? f : f.allowedBy(by));
        }
        boolean failed = out.stream().anyMatch(Finding::blocking);
        return new GateResult(r.gate(), failed ? GateResult.Status.FAIL : GateResult.Status.PASS, r.summary(), out,
                r.details(), r.millis());
    }

    private GateResult exceptionsGate(LocalDate today) {
        List<Finding> expired = new ArrayList<>();
        for (PolicyException e : policy.exceptions()) {
            if (e.expiredOn(today)) {
                expired.add(new Finding(EXPIRED_EXCEPTION, e.path(), 0, 0, String.format("the exception for %s on %s "
                        + "expired on %s (%s); fix the finding or renew the exception with a new justification",
                        e.rule(), e.path(), e.expires(), e.justification())));
            }
        }
        return GateResult.of("exceptions", policy.exceptions().size() + " exceptions, " + expired.size()
                + " expired", expired, List.of());
    }

    private static GateResult timed(Supplier<GateResult> gate) {
        long start = System.nanoTime();
        GateResult r = gate.get();
        return r.withMillis((System.nanoTime() - start) / 1_000_000);
    }
}
