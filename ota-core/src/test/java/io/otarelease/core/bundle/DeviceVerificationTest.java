package io.otarelease.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import io.otarelease.client.verify.VerifiedBundle;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.testing.Bundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a bundle can be altered after signing is refused, with the first reason named. */
class DeviceVerificationTest {
    @TempDir
    Path tmp;
    Path www;
    FileSigner signer;
    TrustedKeys trusted;

    @BeforeEach
    void signSampleBundle() throws Exception {
        www = Bundles.sample(tmp.resolve("www"));
        signer = key("release", Algorithm.ECDSA_SHA_256);
        trusted = new TrustedKeys(List.of(signer.trustedKey()));
        sign(www, signer);
    }

    @Test
    void aSignedBundleVerifies() throws Exception {
        VerifiedBundle v = new BundleVerifier(trusted).verify(www);
        assertThat(v.manifest().appId()).isEqualTo("com.example.shop");
        assertThat(v.key().keyId()).isEqualTo("release");
        assertThat(v.manifest().files()).hasSize(5);
    }

    @Test
    void aChangedByteIsRefused() throws Exception {
        Path js = www.resolve("js/app.js");
        byte[] b = Files.readAllBytes(js);
        b[3] ^= 0x20;
        Files.write(js, b);
        assertRefused(Reason.FILE_CHANGED, "js/app.js has SHA-256");
    }

    @Test
    void anAddedFileIsRefused() throws Exception {
        Files.writeString(www.resolve("js/injected.js"), "steal()");
        assertRefused(Reason.FILE_UNLISTED, "js/injected.js is not listed");
    }

    @Test
    void aRemovedFileIsRefused() throws Exception {
        Files.delete(www.resolve("css/app.css"));
        assertRefused(Reason.FILE_MISSING, "css/app.css is listed but missing");
    }

    @Test
    void anEmptiedFileIsRefusedBySize() throws Exception {
        Files.writeString(www.resolve("index.html"), "");
        assertRefused(Reason.FILE_CHANGED, "index.html has 0 bytes");
    }

    @Test
    void aChangedManifestIsRefusedBeforeItIsTrusted() throws Exception {
        Path m = www.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace("3.4.1", "3.4.2"));
        assertRefused(Reason.BAD_SIGNATURE, "does not verify");
    }

    @Test
    void aSignatureFromAnUntrustedKeyWithATrustedIdIsRefused() throws Exception {
        sign(www, key("release", Algorithm.ECDSA_SHA_256)); // same id, attacker's key
        assertRefused(Reason.BAD_SIGNATURE, "signature by key \"release\" does not verify");
    }

    @Test
    void anUnknownKeyIdIsRefused() throws Exception {
        sign(www, key("attacker", Algorithm.ECDSA_SHA_256));
        assertRefused(Reason.UNKNOWN_KEY, "key \"attacker\", which is not trusted");
    }

    @Test
    void aKeyUsedWithAnotherAlgorithmIsRefused() throws Exception {
        FileSigner rsa = key("rsa", Algorithm.RSASSA_PKCS1_V1_5_SHA_256);
        trusted = trusted.with(rsa.trustedKey());
        sign(www, rsa);
        Path sig = www.resolve("manifest.sig");
        Files.writeString(sig, Files.readString(sig).replace("RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PSS_SHA_256"));
        assertRefused(Reason.WRONG_ALGORITHM, "bound to RSASSA_PKCS1_V1_5_SHA_256");
    }

    @Test
    void aSignatureSwappedFromAnotherReleaseIsRefused() throws Exception {
        Path other = Bundles.write(tmp.resolve("other"), Map.of("index.html", "other release"));
        sign(other, signer);
        Files.copy(other.resolve("manifest.sig"), www.resolve("manifest.sig"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefused(Reason.BAD_SIGNATURE, "does not verify");
    }

    @Test
    void malformedSignatureAndManifestAreRefused() throws Exception {
        Files.writeString(www.resolve("manifest.sig"), "{\"schema\":\"ota-signature/1\",");
        assertRefused(Reason.MALFORMED, "manifest.sig: unexpected end of document");
        Files.writeString(www.resolve("manifest.sig"), "{\"schema\":\"ota-signature/1\",\"keyId\":\"release\","
                + "\"algorithm\":\"ECDSA_SHA_256\",\"signature\":\"%%%\",\"signedAt\":\"x\"}");
        assertRefused(Reason.MALFORMED, "manifest.sig: signature is not valid base64");
    }

    @Test
    void aValidSignatureOverMalformedManifestIsStillRefused() throws Exception {
        Files.writeString(www.resolve("manifest.json"), "{\"schema\":\"ota-manifest/1\"}");
        SignatureEnvelope env = new SigningService(signer, Clock.systemUTC())
                .sign(Files.readAllBytes(www.resolve("manifest.json")), "manifest.json");
        Files.write(www.resolve("manifest.sig"), env.toCanonicalBytes());
        assertRefused(Reason.MALFORMED, "manifest.json: appId is missing");
    }

    @Test
    void aSymlinkReplacingAListedFileIsRefused() throws Exception {
        Path target = Files.writeString(tmp.resolve("elsewhere.css"), "body { margin: 0 }\n");
        Files.delete(www.resolve("css/app.css"));
        Files.createSymbolicLink(www.resolve("css/app.css"), target);
        assertRefused(Reason.UNSAFE_PATH, "css/app.css goes through a symbolic link");
    }

    @Test
    void signingAStaleManifestIsRefused() throws Exception {
        Files.writeString(www.resolve("js/app.js"), "changed after the manifest was written");
        assertThatThrownBy(() -> BundleSigner.sign(www, null, new SigningService(signer, Clock.systemUTC())))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("no longer matches the bundle (js/app.js changed)");
    }

    @Test
    void reSigningAnUnchangedManifestKeepsItsBytes() throws Exception {
        byte[] before = Files.readAllBytes(www.resolve("manifest.json"));
        BundleSigner.Result r = BundleSigner.sign(www, null, new SigningService(signer, Clock.systemUTC()));
        assertThat(r.manifestWritten()).isFalse();
        assertThat(Files.readAllBytes(www.resolve("manifest.json"))).isEqualTo(before);
        new BundleVerifier(trusted).verify(www);
    }

    private void assertRefused(Reason reason, String message) {
        assertThatThrownBy(() -> new BundleVerifier(trusted).verify(www))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((VerificationException) e).reason()).isEqualTo(reason));
    }

    private static void sign(Path dir, FileSigner s) {
        BundleSigner.sign(dir, new ManifestBuilder().appId("com.example.shop").version("3.4.1"),
                new SigningService(s, Clock.systemUTC()));
    }

    private FileSigner key(String id, Algorithm alg) throws Exception {
        KeyPair pair = KeyGen.generate(alg);
        Path pem = Files.createTempFile(tmp, id, ".pem");
        Files.writeString(pem, KeyGen.privateKeyPem(pair), StandardCharsets.US_ASCII);
        return FileSigner.load(pem, id, alg);
    }
}
