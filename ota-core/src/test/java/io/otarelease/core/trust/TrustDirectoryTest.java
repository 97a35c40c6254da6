package io.otarelease.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.KeyDelegation;
import io.otarelease.client.trust.RoleKeys;
import io.otarelease.client.trust.SignatureSet;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.trust.TrustUpdater;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.trust.TrustDirectory.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust documents written by the engine, read back by the device code, checked by openssl. */
class TrustDirectoryTest {
    static final Duration YEAR = Duration.ofDays(365);
    static final Duration QUARTER = Duration.ofDays(90);
    static final String APP = "com.example.shop";

    @TempDir
    Path tmp;
    final Clock clock = Clock.fixed(Instant.parse("2026-03-29T14:00:00Z"), ZoneOffset.UTC);
    FileSigner root1;
    FileSigner root2;
    FileSigner root3;
    FileSigner release1;
    FileSigner channel1;
    TrustDirectory trust;

    @BeforeEach
    void keys() {
        root1 = key("root-1", Algorithm.ECDSA_SHA_256);
        root2 = key("root-2", Algorithm.RSASSA_PSS_SHA_256);
        root3 = key("root-3", Algorithm.ECDSA_SHA_256);
        release1 = key("release-1", Algorithm.ECDSA_SHA_256);
        channel1 = key("channel-1", Algorithm.ECDSA_SHA_256);
        trust = new TrustDirectory(tmp.resolve("trust"), clock);
        trust.init(APP, keys(root1, root2, root3), 2, keys(release1), keys(channel1), YEAR, QUARTER, svc(root1));
    }

    FileSigner key(String id, Algorithm algorithm) {
        Path pem = tmp.resolve("keys/" + id + ".pem");
        AtomicFiles.write(pem, KeyGen.privateKeyPem(KeyGen.generate(algorithm)).getBytes(StandardCharsets.US_ASCII),
                true);
        return FileSigner.load(pem, id, algorithm);
    }

    static TrustedKeys keys(FileSigner... signers) {
        return new TrustedKeys(java.util.Arrays.stream(signers).map(FileSigner::trustedKey).toList());
    }

    SigningService svc(FileSigner s) {
        return new SigningService(s, clock);
    }

    byte[] file(String name) throws Exception {
        return Files.readAllBytes(trust.dir().resolve(name));
    }

    RoleKeys deviceRefresh(TrustUpdater u) throws Exception {
        return u.refresh((name, max) -> {
            Path p = trust.dir().resolve(name);
            return Files.exists(p) ? Files.readAllBytes(p) : null;
        });
    }

    @Test
    void initWritesRootAndDelegationThatNeedASecondRootSignature() throws Exception {
        assertThat(trust.missingSignatures("keys.json")).contains("needs signatures by 2 root v1 keys but has 1");
        TrustUpdater device = new TrustUpdater(TrustRoot.parse(file("root/1.json"), "root/1.json"), 0, clock);
        assertThatThrownBy(() -> deviceRefresh(device)).isInstanceOf(VerificationException.class);
        trust.sign("keys.json", svc(root2));
        assertThat(trust.missingSignatures("keys.json")).isNull();
        RoleKeys keys = deviceRefresh(device);
        assertThat(keys.release().keys()).extracting(TrustedKey::keyId).containsExactly("release-1");
        assertThat(keys.channel().keys()).extracting(TrustedKey::keyId).containsExactly("channel-1");
    }

    @Test
    void eachSignatureInTheSetVerifiesWithOpenssl() throws Exception {
        RealParts.require(OpenSsl.available(), "openssl");
        trust.sign("keys.json", svc(root2));
        SignatureSet set = SignatureSet.parse(file("keys.sig"), "keys.sig");
        assertThat(set.signatures()).hasSize(2);
        assertThat(OpenSsl.verifies(root1.publicKey(), set.signatures().get(0), trust.dir().resolve("keys.json")))
                .isTrue();
        assertThat(OpenSsl.verifies(root2.publicKey(), set.signatures().get(1), trust.dir().resolve("keys.json")))
                .isTrue();
    }

    @Test
    void onlyRootKeysMaySign() {
        assertThatThrownBy(() -> trust.sign("keys.json", svc(release1))).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("\"release-1\" is not a root key that keys.json needs");
        assertThatThrownBy(() -> trust.sign("../etc.json", svc(root1))).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("unknown trust document ../etc.json");
    }

    @Test
    void keyCompromiseDrillRotateThenRevokeRefusesTheOldKey() throws Exception {
        trust.sign("keys.json", svc(root2));
        TrustUpdater device = new TrustUpdater(TrustRoot.parse(file("root/1.json"), "root/1.json"), 0, clock);
        deviceRefresh(device);
        byte[] oldDelegation = file("keys.json");
        byte[] oldSigs = file("keys.sig");

        FileSigner release2 = key("release-2", Algorithm.ECDSA_SHA_256);
        KeyDelegation v2 = trust.rotate(Role.RELEASE, keys(release2), true, QUARTER, svc(root3));
        assertThat(v2.release().keys()).extracting(TrustedKey::keyId).containsExactly("release-1", "release-2");
        trust.sign("keys.json", svc(root1));
        KeyDelegation v3 = trust.revoke("release-1", QUARTER, svc(root1));
        trust.sign("keys.json", svc(root2));
        assertThat(v3.version()).isEqualTo(3);
        assertThat(v3.revoked()).containsExactly("release-1");

        RoleKeys keys = deviceRefresh(device);
        byte[] manifest = "{\"schema\":\"ota-manifest/1\"}".getBytes(StandardCharsets.UTF_8);
        var verifier = new io.otarelease.client.verify.SignatureVerifier(keys.release());
        assertThatThrownBy(() -> verifier.verify(manifest, svc(release1).sign(manifest, "m"), "manifest.json"))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
        assertThat(verifier.verify(manifest, svc(release2).sign(manifest, "m"), "manifest.json").keyId())
                .isEqualTo("release-2");
        assertThatThrownBy(() -> device.acceptDelegation(oldDelegation, oldSigs))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ROLLBACK));
        assertThatThrownBy(() -> trust.rotate(Role.RELEASE, keys(release1), true, QUARTER, svc(root1)))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("was revoked");
        assertThatThrownBy(() -> trust.revoke("channel-1", QUARTER, svc(root1)))
                .hasMessageContaining("would leave the channel role without a key");
    }

    @Test
    void rootRotationNeedsOldAndNewThresholds() throws Exception {
        trust.sign("keys.json", svc(root2));
        TrustUpdater device = new TrustUpdater(TrustRoot.parse(file("root/1.json"), "root/1.json"), 0, clock);
        FileSigner root4 = key("root-4", Algorithm.ECDSA_SHA_256);
        trust.rotateRoot(keys(root3, root4), 2, YEAR, svc(root3));
        assertThat(trust.missingSignatures("root/2.json")).contains("root v1 keys but has 1")
                .contains("root v2 keys but has 1");
        trust.sign("root/2.json", svc(root4));
        assertThat(trust.missingSignatures("root/2.json")).contains("root v1 keys").doesNotContain("root v2 keys");
        trust.sign("root/2.json", svc(root1));
        assertThat(trust.missingSignatures("root/2.json")).isNull();
        // keys.json was signed under root v1: the new root's holders must sign it again
        assertThat(trust.missingSignatures("keys.json")).contains("root v2 keys");
        assertThatThrownBy(() -> trust.sign("keys.json", svc(root1))).hasMessageContaining("not a root key");
        trust.sign("keys.json", svc(root3));
        trust.sign("keys.json", svc(root4));
        deviceRefresh(device);
        assertThat(device.root().version()).isEqualTo(2);
    }

    @Test
    void publishingCopiesOnlyFullySignedDocumentsAndDevicesReadThemFromTheStore() throws Exception {
        io.otarelease.core.store.FileStore store = new io.otarelease.core.store.FileStore(tmp.resolve("store"));
        assertThatThrownBy(() -> TrustPublisher.publish(trust, store)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("not publishing: root/1.json needs signatures by 2 root v1 keys");
        trust.sign("root/1.json", svc(root2));
        assertThatThrownBy(() -> TrustPublisher.publish(trust, store)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("not publishing: keys.json needs signatures by 2 root v1 keys");
        assertThat(store.list("")).isEmpty();
        trust.sign("keys.json", svc(root2));
        assertThat(TrustPublisher.publish(trust, store)).containsExactly(APP + "/trust/root/1.sig",
                APP + "/trust/root/1.json", APP + "/trust/keys.sig", APP + "/trust/keys.json");
        assertThat(TrustPublisher.publish(trust, store)).isEmpty();
        TrustUpdater device = new TrustUpdater(TrustRoot.parse(file("root/1.json"), "root/1.json"), 0, clock);
        RoleKeys keys = device.refresh((name, max) -> store.get(APP + "/trust/" + name)
                .map(io.otarelease.core.store.StoredObject::bytes).orElse(null));
        assertThat(keys.release().find("release-1")).isPresent();

        FileSigner release2 = key("release-2", Algorithm.ECDSA_SHA_256);
        trust.rotate(Role.RELEASE, keys(release2), false, QUARTER, svc(root1));
        trust.sign("keys.json", svc(root3));
        assertThat(TrustPublisher.publish(trust, store)).containsExactly(APP + "/trust/keys.sig",
                APP + "/trust/keys.json");
        // a root version is never replaced
        Files.writeString(trust.dir().resolve("root/1.json"), "{}");
        assertThatThrownBy(() -> TrustPublisher.publish(trust, store)).isInstanceOf(OtaException.class);
    }
}
