package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.testing.Bundles;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** otaGate's agent-side work on a real workspace: every gate of ota-core, the JUnit and SARIF files, the verdict. */
class GateStepTest {
    @TempDir
    Path ws;

    @BeforeEach
    void signedBundle() throws Exception {
        Path www = Bundles.sample(Files.createDirectories(ws.resolve("www")));
        Path key = ws.resolve("dev.pem");
        Files.writeString(key, KeyGen.privateKeyPem(KeyGen.generate(Algorithm.ECDSA_SHA_256)));
        try (FileSigner signer = FileSigner.load(key, "dev", Algorithm.ECDSA_SHA_256)) {
            SignFlow.run(new Local.Agent(www), new SignRequest("www", "com.example.shop", "3.4.1", null, null, null,
                    null, null), signer, Clock.systemUTC(), null, 0, new PrintStream(PrintStream.nullOutputStream()));
            Files.write(ws.resolve("trusted-keys.json"), new TrustedKeys(List.of(signer.trustedKey()))
                    .toCanonicalBytes());
        }
        Files.delete(key);
    }

    OtaGateStep step() {
        OtaGateStep s = new OtaGateStep();
        s.setTrustedKeys("trusted-keys.json");
        s.setJunit("reports/gates.xml");
        s.setSarif("reports/gates.sarif");
        return s;
    }

    @Test
    void aCleanSignedBundlePassesEveryGateAndTheReportsAreWritten() throws Exception {
        Files.createDirectories(ws.resolve("reports"));
        RunGates.Outcome o = new Local.Agent(ws).act(step().callable(null));

        assertThat(o.passed()).isTrue();
        assertThat(o.failedGates()).isEmpty();
        assertThat(o.gates()).extracting(RunGates.GateRow::name).contains("size", "javascript", "source-maps",
                "secrets", "signature");
        assertThat(o.toMap()).containsEntry("passed", true).containsKeys("gates", "findings", "failedGates");
        assertThat(Files.readString(ws.resolve("reports/gates.xml"))).contains("<testsuite").contains("signature");
        assertThat(Files.readString(ws.resolve("reports/gates.sarif"))).contains("\"version\":\"2.1.0\"");
    }

    @Test
    void anEvalAndASourceMapFailTheirGatesAndTheAbortNamesThem() throws Exception {
        Bundles.write(ws.resolve("www"), Map.of("js/evil.js", "eval(location.hash.slice(1));\n",
                "js/app.js.map", "{}"));
        RunGates.Outcome o = new Local.Agent(ws).act(step().callable(null));

        assertThat(o.passed()).isFalse();
        assertThat(o.failedGates()).contains("javascript", "source-maps", "signature");
        assertThat(o.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("js/eval");
            assertThat(f.path()).isEqualTo("js/evil.js");
            assertThat(f.line()).isEqualTo(1);
        });
        assertThat(OtaGateStep.failure(o)).startsWith("otaGate: " + o.failedGates().size() + " of "
                + o.gates().size() + " gates failed: ").contains("javascript", "source-maps", "signature");
        assertThat(o.summary()).contains("FAIL  javascript");
        assertThat(Files.readString(ws.resolve("reports/gates.xml"), StandardCharsets.UTF_8)).contains("<failure");
    }

    @Test
    void aPreparedCordovaWwwIsSignedWithoutItsPlatformFilesAndPassesTheGates() throws Exception {
        Path www = ws.resolve("www");
        try (var files = Files.walk(www)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Bundles.cordovaAndroidPrepared(www);
        java.io.ByteArrayOutputStream logBytes = new java.io.ByteArrayOutputStream();
        Path key = ws.resolve("dev.pem");
        Files.writeString(key, KeyGen.privateKeyPem(KeyGen.generate(Algorithm.ECDSA_SHA_256)));
        try (FileSigner signer = FileSigner.load(key, "dev", Algorithm.ECDSA_SHA_256)) {
            SignFlow.run(new Local.Agent(www), new SignRequest("www", "com.example.shop", "1.0.0", null, null, null,
                    null, null), signer, Clock.systemUTC(), null, 0, new PrintStream(logBytes, true,
                    StandardCharsets.UTF_8));
            Files.write(ws.resolve("trusted-keys.json"), new TrustedKeys(List.of(signer.trustedKey()))
                    .toCanonicalBytes());
        }
        List<String> warnings = logBytes.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("WARNING")).toList();
        assertThat(warnings).singleElement().asString().startsWith("otaSign: WARNING: cordova.js, "
                + "cordova_plugins.js, plugins/ (1 file) left out of the manifest");
        assertThat(Files.readString(www.resolve("manifest.json"))).doesNotContain("cordova");

        Files.createDirectories(ws.resolve("reports"));
        RunGates.Outcome o = new Local.Agent(ws).act(step().callable(null));
        assertThat(o.failedGates()).as(o.summary()).isEmpty();
        assertThat(o.passed()).isTrue();
    }

    @Test
    void theStepsPlatformIsSignedIntoTheManifest() throws Exception {
        OtaSignStep step = new OtaSignStep("3.5.0");
        step.setAppId("com.example.shop");
        step.setPlatform(" ios ");
        Path www = ws.resolve("www");
        Path key = ws.resolve("dev.pem");
        Files.writeString(key, KeyGen.privateKeyPem(KeyGen.generate(Algorithm.ECDSA_SHA_256)));
        OtaSignerSettings devSigner = new OtaSignerSettings("file");
        devSigner.setKeyId("dev");
        devSigner.setPrivateKeyFile(key.toString());
        OtaProfile profile = new OtaProfile("shop");
        profile.setSigner(devSigner);
        SignRequest req = SignRequest.of(step, profile, Map.of());
        assertThat(req.platform()).isEqualTo("ios");
        java.io.ByteArrayOutputStream logBytes = new java.io.ByteArrayOutputStream();
        try (FileSigner signer = FileSigner.load(key, "dev", Algorithm.ECDSA_SHA_256)) {
            SignFlow.run(new Local.Agent(www), req, signer, Clock.systemUTC(), null, 0,
                    new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        }
        assertThat(io.otarelease.client.manifest.Manifest.parse(Files.readAllBytes(www.resolve("manifest.json")))
                .platform()).isEqualTo("ios");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("(3.5.0 for ios, ");

        step.setPlatform("web");
        assertThatThrownBy(() -> SignRequest.of(step, null, Map.of())).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("otaSign platform: must be android or ios").hasMessageContaining("'web'");
    }

    @Test
    void theProfilesTrustedKeysAreUsedWhenTheCallNamesNone() throws Exception {
        OtaGateStep s = new OtaGateStep();
        OtaProfile p = new OtaProfile("shop");
        p.setTrustedKeys("trusted-keys.json");

        RunGates.Outcome o = new Local.Agent(ws).act(s.callable(p));
        assertThat(o.passed()).isTrue();
        RunGates.Outcome without = new Local.Agent(ws).act(s.callable(null));
        assertThat(without.failedGates()).containsExactly("signature");
    }

    @Test
    void aMissingPolicyOrReportIsABadInputNamingTheParameter() {
        OtaGateStep s = step();
        s.setPolicy("policy/release.yaml");
        assertThatThrownBy(() -> new Local.Agent(ws).act(s.callable(null)))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("policy policy/release.yaml does not exist in the workspace");
        OtaGateStep a = step();
        a.setNpmAudit("audit.json");
        assertThatThrownBy(() -> new Local.Agent(ws).act(a.callable(null)))
                .hasMessage("npmAudit audit.json does not exist in the workspace");
    }
}
