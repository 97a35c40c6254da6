package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.verify.SignatureVerifier;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.trust.RoleKeys;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.trust.TrustUpdater;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.SigningService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key compromise drill as an operator runs it: ota keygen, keys init, rotate, revoke, sign. */
class KeysTrustCommandsTest {
    @TempDir
    Path tmp;

    void keygen(String id, String file) {
        CliRun r = CliRun.of("keygen", "--key-id", id, "--private-key", tmp.resolve(id + ".pem").toString(),
                "--trusted-keys", tmp.resolve(file).toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
    }

    CliRun keys(String id, String... args) {
        List<String> all = new ArrayList<>(List.of("keys"));
        all.addAll(List.of(args));
        all.addAll(List.of("--trust-dir", tmp.resolve("trust").toString(), "--signer", "file", "--private-key",
                tmp.resolve(id + ".pem").toString(), "--key-id", id));
        return CliRun.of(all.toArray(String[]::new));
    }

    RoleKeys refresh(TrustUpdater device) throws Exception {
        return device.refresh((name, max) -> {
            Path p = tmp.resolve("trust").resolve(name);
            return Files.exists(p) ? Files.readAllBytes(p) : null;
        });
    }

    @Test
    void rotateAndRevokeTheReleaseKeyWithoutANewAppBinary() throws Exception {
        keygen("root-1", "roots.json");
        keygen("root-2", "roots.json");
        keygen("root-3", "roots.json");
        keygen("release-1", "release.json");
        keygen("channel-1", "channel.json");
        CliRun init = keys("root-1", "init", "--app-id", "com.example.shop", "--root-keys",
                tmp.resolve("roots.json").toString(), "--threshold", "2", "--release-keys",
                tmp.resolve("release.json").toString(), "--channel-keys", tmp.resolve("channel.json").toString());
        assertThat(init.exitCode()).as(init.all()).isZero();
        assertThat(init.out()).contains("keys.json: still keys.json needs signatures by 2 root v1 keys but has 1 [root-1]");
        CliRun cosign = keys("root-2", "sign", "keys.json");
        assertThat(cosign.out()).as(cosign.all()).contains("signed by enough root keys");

        // the app ships root/1.json only
        TrustUpdater device = new TrustUpdater(TrustRoot.parse(
                Files.readAllBytes(tmp.resolve("trust/root/1.json")), "root/1.json"), 0, Clock.systemUTC());
        assertThat(refresh(device).release().keys()).extracting(TrustedKey::keyId).containsExactly("release-1");

        keygen("release-2", "release-2.json");
        assertThat(keys("root-3", "rotate", "--role", "release", "--new-keys",
                tmp.resolve("release-2.json").toString(), "--keep-old").out())
                .contains("version 2: release [release-1, release-2], channel [channel-1]");
        keys("root-1", "sign", "keys.json");
        CliRun revoke = keys("root-1", "revoke", "release-1");
        assertThat(revoke.out()).as(revoke.all()).contains("version 3: release-1 revoked");
        keys("root-2", "sign", "keys.json");

        RoleKeys keys = refresh(device);
        keys("root-2", "sign", "root/1.json");
        CliRun publish = CliRun.of("keys", "publish", "--trust-dir", tmp.resolve("trust").toString(), "--store",
                "file://" + tmp.resolve("store"));
        assertThat(publish.out()).as(publish.all()).contains("published com.example.shop/trust/keys.json in");
        assertThat(tmp.resolve("store/com.example.shop/trust/root/1.sig")).exists();
        byte[] manifest = "{}".getBytes(StandardCharsets.UTF_8);
        FileSigner stolen = FileSigner.load(tmp.resolve("release-1.pem"), "release-1",
                io.otarelease.client.signature.Algorithm.ECDSA_SHA_256);
        var envelope = new SigningService(stolen, Clock.systemUTC()).sign(manifest, "manifest.json");
        assertThatThrownBy(() -> new SignatureVerifier(keys.release()).verify(manifest, envelope, "manifest.json"))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    @Test
    void mistakesExitWithTwoAndAMessage() throws Exception {
        keygen("root-1", "roots.json");
        keygen("release-1", "release.json");
        CliRun noInit = keys("root-1", "revoke", "release-1");
        assertThat(noInit.exitCode()).isEqualTo(2);
        assertThat(noInit.err()).contains("keys.json").doesNotContain("Exception");
        CliRun badThreshold = keys("root-1", "init", "--app-id", "com.example.shop", "--root-keys",
                tmp.resolve("roots.json").toString(), "--threshold", "2", "--release-keys",
                tmp.resolve("release.json").toString(), "--channel-keys", tmp.resolve("release.json").toString());
        assertThat(badThreshold.exitCode()).isEqualTo(2);
        assertThat(badThreshold.err()).contains("threshold must be between 1 and the 1 root keys but is 2");
        CliRun badRole = keys("root-1", "rotate", "--role", "admin", "--new-keys",
                tmp.resolve("release.json").toString());
        assertThat(badRole.exitCode()).isEqualTo(2);
    }
}
