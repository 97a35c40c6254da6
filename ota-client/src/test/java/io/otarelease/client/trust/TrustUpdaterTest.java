package io.otarelease.client.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.attack.Repo;
import io.otarelease.client.attack.TestKeys;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Root versions followed one at a time under thresholds, and key delegations checked like channel pointers. */
class TrustUpdaterTest {
    static final Instant T0 = Repo.T0;
    static final Instant YEAR = T0.plus(Duration.ofDays(365));
    final Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
    final TestKeys r1 = TestKeys.ec("root-1");
    final TestKeys r2 = TestKeys.ec("root-2");
    final TestKeys r3 = TestKeys.ec("root-3");
    final TestKeys r4 = TestKeys.ec("root-4");
    final TestKeys release = TestKeys.ec("release-a");
    final TestKeys channel = TestKeys.ec("channel-a");
    final TrustRoot root1 = root(1, 2, r1, r2, r3);

    static TrustRoot root(long version, int threshold, TestKeys... keys) {
        return new TrustRoot(Repo.APP, version, T0, YEAR, threshold,
                new TrustedKeys(Arrays.stream(keys).map(TestKeys::trusted).toList()));
    }

    static KeyDelegation delegation(long version, TestKeys rel, TestKeys chan, String... revoked) {
        return new KeyDelegation(Repo.APP, version, T0, YEAR, new TrustedKeys(List.of(rel.trusted())),
                new TrustedKeys(List.of(chan.trusted())), List.of(revoked));
    }

    static byte[] sigs(byte[] doc, TestKeys... signers) {
        SignatureSet s = SignatureSet.empty();
        for (TestKeys k : signers) {
            s = s.with(SignatureEnvelope.parse(k.sign(doc), "sig"));
        }
        return s.toCanonicalBytes();
    }

    TrustUpdater updater() {
        return new TrustUpdater(root1, 0, clock);
    }

    static void refused(ThrowingCallable call, Reason reason, String part) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VerificationException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(part);
        });
    }

    @Test
    void aDelegationSignedByAThresholdOfRootKeysGivesTheKeysOfEachRole() throws Exception {
        byte[] d = delegation(1, release, channel).toCanonicalBytes();
        RoleKeys keys = updater().acceptDelegation(d, sigs(d, r1, r3));
        assertThat(keys.release().keys()).extracting(TrustedKey::keyId).containsExactly("release-a");
        assertThat(keys.channel().keys()).extracting(TrustedKey::keyId).containsExactly("channel-a");
    }

    @Test
    void aDelegationOneSignatureShortIsRefusedEvenWithTheSameSignatureTwice() {
        byte[] d = delegation(1, release, channel).toCanonicalBytes();
        SignatureEnvelope one = SignatureEnvelope.parse(r1.sign(d), "s");
        byte[] twice = new SignatureSet(List.of(one, one)).toCanonicalBytes();
        refused(() -> updater().acceptDelegation(d, twice), Reason.BAD_SIGNATURE,
                "needs signatures by 2 root v1 keys but has 1 [root-1]");
        refused(() -> updater().acceptDelegation(d, sigs(d, r1, release)), Reason.BAD_SIGNATURE,
                "not counted: release-a (unknown_key)");
    }

    @Test
    void oneKeyListedUnderTwoIdsCannotCountTwice() {
        assertThatThrownBy(() -> root(1, 2, r1, r1.as("root-1-again")))
                .hasMessageContaining("listed twice under different ids");
        byte[] forged = root1.toCanonicalBytes().clone();
        String json = new String(forged, java.nio.charset.StandardCharsets.UTF_8);
        String k1 = json.substring(json.indexOf("\"publicKey\":\"") + 13);
        k1 = k1.substring(0, k1.indexOf('"'));
        String bad = json.replace(json.substring(json.lastIndexOf("\"publicKey\":\"") + 13,
                json.lastIndexOf("\"publicKey\":\"") + 13 + k1.length()), k1);
        assertThatThrownBy(() -> TrustRoot.parse(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8), "root.json"))
                .isInstanceOf(JsonException.class).hasMessageContaining("listed twice");
    }

    @Test
    void theRootMovesOneVersionAtATimeSignedByOldAndNewThresholds() throws Exception {
        TrustUpdater u = updater();
        byte[] v2 = root(2, 2, r2, r3, r4).toCanonicalBytes();
        refused(() -> u.acceptRoot(v2, sigs(v2, r4)), Reason.BAD_SIGNATURE, "needs signatures by 2 root v1 keys");
        // a thief holding two old keys cannot install a root of their own: the new keys must sign too
        refused(() -> u.acceptRoot(v2, sigs(v2, r1, r2)), Reason.BAD_SIGNATURE, "needs signatures by 2 root v2 keys");
        assertThat(u.acceptRoot(v2, sigs(v2, r1, r2, r4)).version()).isEqualTo(2);

        byte[] v4 = root(4, 1, r4).toCanonicalBytes();
        refused(() -> u.acceptRoot(v4, sigs(v4, r2, r3, r4)), Reason.ROLLBACK,
                "expected root version 3 but found version 4");
        byte[] older = root(2, 1, r2).toCanonicalBytes();
        refused(() -> u.acceptRoot(older, sigs(older, r2, r3)), Reason.ROLLBACK, "expected root version 3");

        byte[] d = delegation(1, release, channel).toCanonicalBytes();
        refused(() -> u.acceptDelegation(d, sigs(d, r1, r2)), Reason.BAD_SIGNATURE,
                "not counted: root-1 (unknown_key)");
        assertThat(u.acceptDelegation(d, sigs(d, r3, r4)).release().find("release-a")).isPresent();
    }

    @Test
    void aRootForAnotherAppIsRefused() {
        byte[] v2 = new TrustRoot("com.example.other", 2, T0, YEAR, 1, new TrustedKeys(List.of(r1.trusted())))
                .toCanonicalBytes();
        refused(() -> updater().acceptRoot(v2, sigs(v2, r1, r2)), Reason.MISMATCH, "is for app com.example.other");
    }

    @Test
    void anOlderDelegationIsRefusedAfterANewerOne() throws Exception {
        TrustUpdater u = updater();
        byte[] d1 = delegation(1, release, channel).toCanonicalBytes();
        byte[] d2 = delegation(2, TestKeys.ec("release-b"), channel, "release-a").toCanonicalBytes();
        u.acceptDelegation(d1, sigs(d1, r1, r2));
        u.acceptDelegation(d2, sigs(d2, r1, r2));
        refused(() -> u.acceptDelegation(d1, sigs(d1, r1, r2)), Reason.ROLLBACK,
                "expected version 2 or higher but found version 1");
        byte[] other2 = delegation(2, release, channel).toCanonicalBytes();
        refused(() -> u.acceptDelegation(other2, sigs(other2, r1, r2)), Reason.ROLLBACK,
                "version 2 was already accepted with different content");
        TrustUpdater restarted = new TrustUpdater(root1, u.highestDelegationVersion(), u.highestDelegationDigest(),
                clock);
        refused(() -> restarted.acceptDelegation(other2, sigs(other2, r1, r2)), Reason.ROLLBACK,
                "version 2 was already accepted with different content");
        assertThat(restarted.acceptDelegation(d2, sigs(d2, r1, r2)).release().find("release-b")).isPresent();
    }

    @Test
    void expiredDelegationsAndRootsAreRefused() {
        KeyDelegation soon = new KeyDelegation(Repo.APP, 1, T0, T0.plusSeconds(30),
                new TrustedKeys(List.of(release.trusted())), new TrustedKeys(List.of(channel.trusted())), List.of());
        byte[] d = soon.toCanonicalBytes();
        refused(() -> updater().acceptDelegation(d, sigs(d, r1, r2)), Reason.EXPIRED,
                "trust/keys.json expired at 2026-03-29T14:00:30Z");
        TrustRoot old = new TrustRoot(Repo.APP, 1, T0, T0.plusSeconds(30), 1, new TrustedKeys(List.of(r1.trusted())));
        byte[] d1 = delegation(1, release, channel).toCanonicalBytes();
        refused(() -> new TrustUpdater(old, 0, clock).acceptDelegation(d1, sigs(d1, r1)), Reason.EXPIRED,
                "publish a new root version");
    }

    @Test
    void aDelegationForAnotherAppIsRefused() {
        byte[] d = new KeyDelegation("com.example.other", 1, T0, YEAR, new TrustedKeys(List.of(release.trusted())),
                new TrustedKeys(List.of(channel.trusted())), List.of()).toCanonicalBytes();
        refused(() -> updater().acceptDelegation(d, sigs(d, r1, r2)), Reason.MISMATCH, "is for app com.example.other");
    }

    @Test
    void anAppWithOnlyTrustedKeysJsonKeepsItsBehaviour() {
        TrustedKeys legacy = new TrustedKeys(List.of(release.trusted(), channel.trusted()));
        RoleKeys keys = RoleKeys.legacy(legacy);
        assertThat(keys.release()).isEqualTo(legacy);
        assertThat(keys.channel()).isEqualTo(legacy);
    }

    @Test
    void aKeyCannotBeDelegatedAndRevokedAtOnce() {
        assertThatThrownBy(() -> delegation(3, release, channel, "release-a"))
                .hasMessageContaining("\"release-a\" is both delegated and revoked");
    }
}
