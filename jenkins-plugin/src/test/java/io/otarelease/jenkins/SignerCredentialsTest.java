package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.SecretResolver;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import io.otarelease.core.sign.SignerSpec;
import io.otarelease.core.testing.Bundles;
import io.otarelease.core.testing.FakeKms;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.tls.TlsContexts;
import io.otarelease.signer.SignerFixture;
import io.otarelease.signer.SignerServer;
import io.otarelease.signer.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The kms and remote signers opened from Jenkins credentials: the AWS keys of an AWS credential sign the KMS requests
 * (the fake KMS checks the SigV4 signature with the secret key), the Certificate credential's identity opens an mTLS
 * connection to the real signing server (ota-signer, keys in SoftHSM2). Secrets never reach the log or the agent.
 */
class SignerCredentialsTest {
    static final String ACCESS = "AKIDJENKINSKMS";
    static final String SECRET = "jenkins-kms-secret-never-logged";

    @TempDir
    Path tmp;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    SecretResolver awsFrom(Map<String, Object> store) {
        return JenkinsCredentials.secrets(new CredentialResolver(store::get));
    }

    Path bundle() {
        return Bundles.sample(tmp.resolve("www"));
    }

    @Test
    void kmsSignsWithTheKeysOfTheJenkinsAwsCredential() throws Exception {
        try (FakeKms kms = FakeKms.start(ACCESS, SECRET, "eu-west-1")) {
            kms.addKey("1234abcd-ec", "ota-release", KeyGen.generate(Algorithm.ECDSA_SHA_256), "ECC_NIST_P256",
                    Algorithm.ECDSA_SHA_256);
            OtaSignerSettings profile = new OtaSignerSettings("kms");
            profile.setKeyId("ota-2026-kms");
            profile.setKmsKey("alias/ota-release");
            profile.setAwsRegion("eu-west-1");
            profile.setKmsEndpoint(kms.endpoint().toString());
            profile.setAwsCredentialsId("aws-release");
            SignerSpec spec = OtaSignerSettings.spec(profile, null);
            SecretResolver secrets = awsFrom(Map.of("aws-release", new FakeCredentials.Aws("aws-release",
                    AwsBasicCredentials.create(ACCESS, SECRET))));

            Path www = bundle();
            try (Signer signer = SignerFactory.open(spec, secrets, log::println)) {
                SignFlow.Outcome out = SignFlow.run(new Local.Agent(www), new SignRequest("www", "com.example.shop",
                        "3.4.1", null, null, null, null, spec), signer, Clock.systemUTC(), null, 0, log);
                assertThat(out.keyId()).isEqualTo("ota-2026-kms");
                assertThat(out.algorithm()).isEqualTo("ECDSA_SHA_256");
            }
            assertThat(kms.requests).anyMatch(r -> r.startsWith("TrentService.Sign "));
            assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
            assertThat(spec.toString()).doesNotContain(SECRET);

            // other keys: the fake KMS refuses the request signature
            SecretResolver wrong = awsFrom(Map.of("aws-release", new FakeCredentials.Aws("aws-release",
                    AwsBasicCredentials.create(ACCESS, "not-the-secret"))));
            assertThatThrownBy(() -> SignerFactory.open(spec, wrong, log::println)).isInstanceOf(OtaException.class);
        }
    }

    @Test
    void kmsWithAWrongOrMissingCredentialNamesTheIdAndTheKind() {
        OtaSignerSettings profile = new OtaSignerSettings("kms");
        profile.setKeyId("k");
        profile.setKmsKey("alias/x");
        profile.setAwsCredentialsId("signer-pin");
        SecretResolver secrets = awsFrom(Map.of("signer-pin", new FakeCredentials.Text("signer-pin")));

        assertThatThrownBy(() -> SignerFactory.open(OtaSignerSettings.spec(profile, null), secrets, log::println))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("Credentials 'signer-pin' (awsCredentialsId) are of type 'Secret text' where "
                        + "'AWS Credentials' was expected");
        profile.setAwsCredentialsId("gone");
        assertThatThrownBy(() -> SignerFactory.open(OtaSignerSettings.spec(profile, null), secrets, log::println))
                .hasMessageStartingWith("Credentials 'gone' (awsCredentialsId) were not found for this build: add an "
                        + "AWS Credentials credential");
    }

    @Test
    void temporaryAwsCredentialsKeepTheirSessionToken() {
        AwsCredentialsProvider p = JenkinsCredentials.awsKeys(new FakeCredentials.Aws("role",
                AwsSessionCredentials.create(ACCESS, SECRET, "session-token")), "role");
        assertThat(p.resolveCredentials()).isInstanceOf(AwsSessionCredentials.class);
        assertThat(((AwsSessionCredentials) p.resolveCredentials()).sessionToken()).isEqualTo("session-token");
        assertThat(p.resolveCredentials().secretAccessKey()).isEqualTo(SECRET);
        assertThat(p.toString()).doesNotContain(SECRET);
    }

    @Test
    void theHsmSignerSignsThroughTheSigningServerWithTheCertificateCredential() throws Exception {
        RealParts.require(OpenSsl.available(), "openssl");
        SignerFixture fixture = SignerFixture.create(Files.createDirectories(tmp.resolve("signer")));
        Path config = fixture.writeConfig("signer.yaml", tmp.resolve("signer/audit.log"), List.of(), "");
        try (SignerServer server = fixture.start(config)) {
            OtaSignerSettings profile = new OtaSignerSettings("hsm");
            profile.setKeyId("ota-ec");
            profile.setAlgorithm("ECDSA_SHA_256");
            profile.setSignerUrl(server.url().toString());
            profile.setClientCertificateCredentialsId("ci-runner-cert");
            profile.setServerCaCredentialsId("signer-ca");
            SignerSpec spec = OtaSignerSettings.spec(profile, null);
            SecretResolver secrets = certificate(fixture.good, Files.readAllBytes(fixture.pki.serverCa));

            Path www = bundle();
            List<String> before = clientDirs();
            try (Signer signer = SignerFactory.open(spec, secrets, log::println)) {
                SignFlow.Outcome out = SignFlow.run(new Local.Agent(www), new SignRequest("www", "com.example.shop",
                        "3.4.1", null, null, null, null, spec), signer, Clock.systemUTC(), null, 0, log);
                assertThat(out.keyId()).isEqualTo("ota-ec");
            }
            // the identity and CA stay in memory: no key store or CA file is written for the connection
            assertThat(clientDirs()).isEqualTo(before);
            assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain(TestPki.P12_PASSWORD);

            // a client the server does not know is refused, and the step says so
            SecretResolver stranger = certificate(fixture.stranger, Files.readAllBytes(fixture.pki.serverCa));
            assertThatThrownBy(() -> SignerFactory.open(spec, stranger, log::println))
                    .isInstanceOf(OtaException.class);
        }
    }

    @Test
    void theHsmSignerNeedsAUrlAndCredentials() {
        OtaSignerSettings profile = new OtaSignerSettings("hsm");
        profile.setKeyId("ota-ec");
        assertThatThrownBy(() -> OtaSignerSettings.spec(profile, null))
                .hasMessage("the remote signer needs signerUrl: the https:// URL of the signing server");
        profile.setSignerUrl("not a url");
        assertThatThrownBy(() -> OtaSignerSettings.spec(profile, null))
                .hasMessageStartingWith("signerUrl \"not a url\" is not a URL");
        profile.setSignerUrl("https://signer.example:8443");
        assertThatThrownBy(() -> OtaSignerSettings.spec(profile, null))
                .hasMessage("the remote signer needs clientCertificateCredentialsId: the id of a Certificate "
                        + "credential");
        profile.setClientCertificateCredentialsId("ci-cert");
        profile.setServerCaCredentialsId("signer-ca");
        SecretResolver text = JenkinsCredentials.secrets(new CredentialResolver(
                Map.<String, Object>of("ci-cert", new FakeCredentials.Text("ci-cert"))::get));
        assertThatThrownBy(() -> SignerFactory.open(OtaSignerSettings.spec(profile, null), text, log::println))
                .hasMessage("Credentials 'ci-cert' (clientCertificateCredentialsId) are of type 'Secret text' where "
                        + "'Certificate' was expected");
    }

    @Test
    void aServerCaCredentialMustHoldPemCertificatesAndItsContentIsNeverEchoed() {
        String pin = "3F:A1:" + "00:".repeat(29) + "99";
        assertThatThrownBy(() -> JenkinsCredentials.checkCa(pin.getBytes(StandardCharsets.US_ASCII), "signer-ca",
                "serverCaCredentialsId"))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageStartingWith("credential 'signer-ca' (serverCaCredentialsId) holds a certificate "
                        + "fingerprint, not the server CA").hasMessageNotContaining(pin);
        assertThatThrownBy(() -> JenkinsCredentials.checkCa("hunter2".getBytes(StandardCharsets.US_ASCII),
                "signer-ca", "serverCaCredentialsId"))
                .hasMessageContaining("holds no PEM certificate").hasMessageNotContaining("hunter2");
        byte[] pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(JenkinsCredentials.checkCa(pem, "signer-ca", "serverCaCredentialsId")).isSameAs(pem);
    }

    @Test
    void theServerCaMayBeASecretFileOrSecretTextButNothingElse() {
        CredentialResolver resolver = new CredentialResolver(Map.<String, Object>of(
                "ca-file", new FakeCredentials.File("ca-file"), "ca-text", new FakeCredentials.Text("ca-text"),
                "ssh", new FakeCredentials.SshUserPrivateKey("ssh"))::get);
        try {
            assertThat(resolver.requireAny("ca-file", "serverCaCredentialsId", "the hsm signer",
                    org.jenkinsci.plugins.plaincredentials.FileCredentials.class,
                    org.jenkinsci.plugins.plaincredentials.StringCredentials.class)).isInstanceOf(FakeCredentials.File.class);
            assertThat(resolver.requireAny("ca-text", "serverCaCredentialsId", "the hsm signer",
                    org.jenkinsci.plugins.plaincredentials.FileCredentials.class,
                    org.jenkinsci.plugins.plaincredentials.StringCredentials.class)).isInstanceOf(FakeCredentials.Text.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> resolver.requireAny("ssh", "serverCaCredentialsId", "the hsm signer",
                org.jenkinsci.plugins.plaincredentials.FileCredentials.class,
                org.jenkinsci.plugins.plaincredentials.StringCredentials.class))
                .hasMessage("Credentials 'ssh' (serverCaCredentialsId) are of type 'SshUserPrivateKey' where 'Secret "
                        + "file' or 'Secret text' was expected");
        assertThatThrownBy(() -> resolver.requireAny(null, "serverCaCredentialsId", "the hsm signer",
                org.jenkinsci.plugins.plaincredentials.FileCredentials.class))
                .hasMessage("the hsm signer needs serverCaCredentialsId: the id of a Secret file credential");
    }

    static List<String> clientDirs() throws java.io.IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ota-hsm-client-")).sorted()
                    .toList();
        }
    }

    /** What a Certificate credential and a CA credential give the hsm signer. */
    static SecretResolver certificate(TestPki.Identity id, byte[] ca) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(id.p12())) {
            ks.load(in, TestPki.P12_PASSWORD.toCharArray());
        }
        return new TestSecrets() {
            @Override
            public ClientIdentity clientIdentity(SecretRef identity, SecretRef password) {
                assertThat(identity).isEqualTo(new SecretRef.Credential("ci-runner-cert",
                        "clientCertificateCredentialsId"));
                assertThat(password).isNull();
                return new ClientIdentity(ks, Secret.of(TestPki.P12_PASSWORD.toCharArray(),
                        "credential 'ci-runner-cert'"));
            }

            @Override
            public List<X509Certificate> certificates(SecretRef ref) {
                assertThat(ref).isEqualTo(new SecretRef.Credential("signer-ca", "serverCaCredentialsId"));
                // what the Jenkins resolver does with the credential's content
                return TlsContexts.certificates(new java.io.ByteArrayInputStream(JenkinsCredentials.checkCa(ca,
                        "signer-ca", "serverCaCredentialsId")), "credential 'signer-ca'");
            }
        };
    }
}
