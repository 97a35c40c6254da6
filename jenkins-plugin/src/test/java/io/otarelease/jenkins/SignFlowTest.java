package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.SecretResolver;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import io.otarelease.core.sign.SignerSpec;
import io.otarelease.core.testing.Bundles;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.testing.SoftHsm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * otaSign end to end without Jenkins: the manifest callable and the write callable run on a bundle directory after a
 * serialization round trip (as over remoting), the signature is made in SoftHSM2 with a PIN that must never reach
 * the agent or the log, and openssl checks the result independently.
 */
class SignFlowTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-29T14:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    final List<String> warnings = new ArrayList<>();

    SignRequest request(SignerSpec signer) {
        return new SignRequest("www", "com.example.shop", "3.4.1", "3.0.0", "0a1b2c", "ota/v3.4.1",
                "https://ci.example/job/shop/42/", signer);
    }

    static SignerSpec pkcs11(Path config, String pinId, String label, String algorithm) {
        OtaSignerSettings s = new OtaSignerSettings("pkcs11");
        s.setKeyId("ota-2026-a");
        s.setAlgorithm(algorithm);
        s.setPinCredentialsId(pinId);
        s.setKeyLabel(label);
        s.setPkcs11Config(config.toString());
        return OtaSignerSettings.spec(s, null);
    }

    static SecretResolver pinFromCredential(String pin) {
        return TestSecrets.pin(pin);
    }

    static SignerSpec file(String keyId, String algorithm, Path key) {
        OtaSignerSettings s = new OtaSignerSettings("file");
        s.setKeyId(keyId);
        s.setAlgorithm(algorithm);
        s.setPrivateKeyFile(key.toString());
        return OtaSignerSettings.spec(s, null);
    }

    @Test
    void signsWithAKeyInSoftHsmAndTheResultVerifiesWithOpenssl() throws Exception {
        SoftHsm hsm = SoftHsm.shared();
        RealParts.require(OpenSsl.available(), "openssl");
        Path www = Bundles.sample(Files.createDirectories(tmp.resolve("ws/www")));
        Local.Agent agent = new Local.Agent(www);
        SignRequest req = request(pkcs11(hsm.pkcs11Config(), "hsm-pin", SoftHsm.EC_KEY, "ECDSA_SHA_256"));

        SignFlow.Outcome out;
        try (Signer signer = SignerFactory.open(req.signer(), pinFromCredential(SoftHsm.PIN), warnings::add)) {
            out = SignFlow.run(agent, req, signer, CLOCK, new LogListener(), 40, log);
            SignatureEnvelope env = SignatureEnvelope.parse(Files.readAllBytes(www.resolve("manifest.sig")), "sig");
            assertThat(OpenSsl.verifies(signer.publicKey(), env, www.resolve("manifest.json"))).isTrue();
        }

        Manifest m = Manifest.parse(Files.readAllBytes(www.resolve("manifest.json")));
        assertThat(m.appId()).isEqualTo("com.example.shop");
        assertThat(m.minNativeVersion()).isEqualTo("3.0.0");
        assertThat(m.source().build()).isEqualTo("https://ci.example/job/shop/42/");
        assertThat(out.toMap()).containsEntry("version", "3.4.1").containsEntry("keyId", "ota-2026-a")
                .containsEntry("algorithm", "ECDSA_SHA_256").containsEntry("bundleHash", m.bundleHash())
                .containsEntry("fileCount", 5).containsEntry("totalBytes", m.totalBytes());
        assertThat(agent.sent).as("one callable to hash, one to write").hasSize(2);
        assertThat(warnings).isEmpty();
        assertThat(log()).contains("hashing www on the agent", "PKCS#11 key \"release-ec\"", m.bundleHash());
        assertThat(LogListener.text()).as("progress from the agent side, one line per 40 bytes crossed")
                .contains("otaSign: hashed ").doesNotContain(SoftHsm.PIN);
        assertThat(LogListener.text().lines().count()).isBetween(1L, m.totalBytes() / 40);
    }

    @Test
    void thePinReachesNeitherTheAgentNorTheLogNorAnError() throws Exception {
        SoftHsm hsm = SoftHsm.shared();
        Path www = Bundles.sample(Files.createDirectories(tmp.resolve("www")));
        Local.Agent agent = new Local.Agent(www);
        SignRequest req = request(pkcs11(hsm.pkcs11Config(), "hsm-pin", SoftHsm.RSA_KEY, "RSASSA_PSS_SHA_256"));
        try (Signer signer = SignerFactory.open(req.signer(), pinFromCredential(SoftHsm.PIN), warnings::add)) {
            SignFlow.run(agent, req, signer, CLOCK, null, 0, log);
        }
        String wrongPin = "0000-wrong-pin";
        SignerSpec untouched = pkcs11(hsm.untouchedTokenConfig(), "hsm-pin", SoftHsm.RSA_KEY, "RSASSA_PSS_SHA_256");

        assertThatThrownBy(() -> SignerFactory.open(untouched, pinFromCredential(wrongPin), warnings::add))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("credential 'hsm-pin'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongPin));
        assertThat(agent.wireText()).doesNotContain(SoftHsm.PIN);
        assertThat(log()).doesNotContain(SoftHsm.PIN);
        assertThat(req.toString()).doesNotContain(SoftHsm.PIN);
        for (Path p : Files.walk(www).filter(Files::isRegularFile).toList()) {
            assertThat(Files.readString(p, StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain(SoftHsm.PIN);
        }
    }

    @Test
    void theDevelopmentKeySignerWarnsAndSigns() throws Exception {
        Path www = Bundles.sample(Files.createDirectories(tmp.resolve("www")));
        Path key = devKey(Algorithm.RSASSA_PKCS1_V1_5_SHA_256);
        SignerSpec spec = file("dev", "RSASSA_PKCS1_V1_5_SHA_256", key);

        // the file signer needs no credential: any read fails the test
        try (Signer signer = SignerFactory.open(spec, new TestSecrets(), warnings::add)) {
            SignFlow.Outcome out = SignFlow.run(new Local.Agent(www), request(spec), signer, CLOCK, null, 0, log);
            assertThat(out.algorithm()).isEqualTo("RSASSA_PKCS1_V1_5_SHA_256");
        }
        assertThat(warnings).containsExactly(FileSigner.WARNING);
    }

    @Test
    void aFileChangedWhileSigningLeavesNoSignatureBehind() throws Exception {
        Path www = Bundles.sample(Files.createDirectories(tmp.resolve("www")));
        Local.Agent agent = new Local.Agent(www);
        agent.beforeEach = () -> {
            if (agent.sent.size() == 1) {
                Bundles.write(www, Map.of("js/app.js", "tampered();\n"));
            }
        };
        SignerSpec spec = file("dev", "ECDSA_SHA_256", devKey(Algorithm.ECDSA_SHA_256));

        try (Signer signer = SignerFactory.open(spec, new TestSecrets(), warnings::add)) {
            assertThatThrownBy(() -> SignFlow.run(agent, request(spec), signer, CLOCK, null, 0, log))
                    .isInstanceOf(OtaException.CheckFailed.class)
                    .hasMessageContaining("js/app.js")
                    .hasMessageContaining("manifest.json and manifest.sig were removed");
        }
        assertThat(www.resolve("manifest.json")).doesNotExist();
        assertThat(www.resolve("manifest.sig")).doesNotExist();
    }

    @Test
    void aBundleWithAnUnsafeFileIsRefusedOnTheAgentBeforeAnythingIsSigned() throws Exception {
        Path www = Bundles.sample(Files.createDirectories(tmp.resolve("www")));
        Files.createSymbolicLink(www.resolve("link.js"), Path.of("/etc/passwd"));
        SignerSpec spec = file("dev", "ECDSA_SHA_256", devKey(Algorithm.ECDSA_SHA_256));
        Signer signer = SignerFactory.open(spec, new TestSecrets(), warnings::add);
        Signer counting = new CountingSigner(signer);

        assertThatThrownBy(() -> SignFlow.run(new Local.Agent(www), request(spec), counting, CLOCK, null, 0, log))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("link.js");
        assertThat(((CountingSigner) counting).calls).isZero();
        assertThat(www.resolve("manifest.sig")).doesNotExist();
    }

    @Test
    void signerChoicesThatCannotWorkSayWhatIsMissing() {
        // the spec is checked when the step call and the profile are combined, before any credential is read
        assertThatThrownBy(() -> spec(null, "k"))
                .hasMessageContaining("no signer").hasMessageContaining("'remote', 'kms', 'pkcs11' or 'file'");
        assertThatThrownBy(() -> spec("pkcs11", null))
                .hasMessageContaining("needs keyId");
        assertThatThrownBy(() -> spec("yubikey", "k"))
                .hasMessage("unknown signer 'yubikey' in signer (expected remote, kms, pkcs11 or file (hsm is "
                        + "another name for remote))");
        assertThatThrownBy(() -> spec("hsm", "k"))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("remote signer needs signerUrl");
        assertThatThrownBy(() -> spec("kms", "k"))
                .hasMessageContaining("kms signer needs kmsKey");
        assertThatThrownBy(() -> spec("pkcs11", "k"))
                .hasMessageContaining("needs keyLabel");
        assertThatThrownBy(() -> spec("file", "k"))
                .hasMessageContaining("needs privateKeyFile");
    }

    @Test
    void aPinCredentialOfTheWrongKindStopsBeforeTheTokenIsOpened() throws Exception {
        SoftHsm hsm = SoftHsm.shared();
        SecretResolver secrets = JenkinsCredentials.secrets(new CredentialResolver(id -> new FakeCredentials.File(id)));

        assertThatThrownBy(() -> SignerFactory.open(pkcs11(hsm.pkcs11Config(), "hsm-pin", SoftHsm.EC_KEY,
                "ECDSA_SHA_256"), secrets, warnings::add))
                .hasMessage("Credentials 'hsm-pin' (pinCredentialsId) are of type 'Secret file' where 'Secret text' "
                        + "was expected");
    }

    /**
     * Nothing a pipeline passes may make the controller read its own environment or files: the Jenkins resolver
     * takes credential ids only, and refuses before any token, server or KMS is contacted.
     */
    @Test
    void theControllerRefusesSecretsFromItsEnvironmentOrItsFiles() throws Exception {
        SoftHsm hsm = SoftHsm.shared();
        SecretResolver jenkins = JenkinsCredentials.secrets(new CredentialResolver(id -> {
            throw new AssertionError("no credential is looked up");
        }));
        SignerSpec fromEnv = SignerSpec.builder(SignerSpec.Source.CLI).type("pkcs11").keyId("ota-2026-a")
                .keyLabel(SoftHsm.EC_KEY).pkcs11Config(hsm.pkcs11Config()).pin(new SecretRef.Env("HOME", "--pin-env"))
                .build();
        assertThatThrownBy(() -> SignerFactory.open(fromEnv, jenkins, warnings::add))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("environment variable HOME (--pin-env) is refused on the Jenkins controller: name a "
                        + "Jenkins credential by its id (the controller's environment and files are not a pipeline's "
                        + "to read)");
        SignerSpec fromFiles = SignerSpec.builder(SignerSpec.Source.CLI).type("remote").keyId("ota-ec")
                .signerUrl(java.net.URI.create("https://127.0.0.1:1"))
                .clientIdentity(new SecretRef.File(Path.of("/etc/ota/client.p12"), "--client-p12"),
                        new SecretRef.File(Path.of("/etc/ota/p12.pass"), "--client-p12-password-file"))
                .serverCa(new SecretRef.File(Path.of("/etc/ota/ca.pem"), "--server-ca")).build();
        assertThatThrownBy(() -> SignerFactory.open(fromFiles, jenkins, warnings::add))
                .hasMessageStartingWith("file /etc/ota/p12.pass (--client-p12-password-file) is refused on the "
                        + "Jenkins controller");
        SignerSpec ambientAws = SignerSpec.builder(SignerSpec.Source.CLI).type("kms").keyId("k")
                .kms("alias/ota-release", "eu-west-1", null).build();
        assertThatThrownBy(() -> SignerFactory.open(ambientAws, jenkins, warnings::add))
                .hasMessageContaining("the controller's own AWS identity is never used");
        assertThat(warnings).isEmpty();
    }

    static SignerSpec spec(String type, String keyId) {
        OtaSignerSettings s = new OtaSignerSettings(type);
        s.setKeyId(keyId);
        return OtaSignerSettings.spec(s, null);
    }

    Path devKey(Algorithm algorithm) throws Exception {
        KeyPair pair = KeyGen.generate(algorithm);
        Path key = tmp.resolve("dev-" + algorithm + ".pem");
        Files.writeString(key, KeyGen.privateKeyPem(pair));
        return key;
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** A build log that survives the trip to the "agent": a deserialized copy writes to the same sink. */
    static final class LogListener implements hudson.model.TaskListener {
        private static final long serialVersionUID = 1L;
        static final ByteArrayOutputStream SINK = new ByteArrayOutputStream();

        LogListener() {
            SINK.reset();
        }

        @Override
        public PrintStream getLogger() {
            return new PrintStream(SINK, true, StandardCharsets.UTF_8);
        }

        static String text() {
            return SINK.toString(StandardCharsets.UTF_8);
        }
    }

    /** Counts signatures, to prove none was made. */
    static final class CountingSigner implements Signer {
        final Signer delegate;
        int calls;

        CountingSigner(Signer delegate) {
            this.delegate = delegate;
        }

        @Override
        public String keyId() {
            return delegate.keyId();
        }

        @Override
        public Algorithm algorithm() {
            return delegate.algorithm();
        }

        @Override
        public java.security.PublicKey publicKey() {
            return delegate.publicKey();
        }

        @Override
        public byte[] signDigest(byte[] sha256) {
            calls++;
            return delegate.signDigest(sha256);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
