package io.otarelease.client.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelVerifierTest {
    static final Instant T0 = Instant.parse("2026-03-29T14:00:00Z");
    static final String H1 = "sha256:" + "a".repeat(64);
    static final String H0 = "sha256:" + "b".repeat(64);

    final KeyPair key = ecKey();
    final KeyPair otherKey = ecKey();
    final TrustedKeys trusted = new TrustedKeys(List.of(
            new TrustedKey("channel-key", Algorithm.ECDSA_SHA_256, key.getPublic())));
    final Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);

    static ChannelPointer pointer(long sequence, Instant expires) {
        return new ChannelPointer("com.example.shop", "production", sequence, T0, expires,
                new ChannelPointer.Current("3.4.1", H1, "3.0.0", 5, "salt-0001"),
                new ChannelPointer.Fallback("3.4.0", H0, "3.0.0"));
    }

    byte[] sign(KeyPair k, byte[] msg) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(k.getPrivate());
        s.update(msg);
        return new SignatureEnvelope("channel-key", Algorithm.ECDSA_SHA_256, s.sign(), T0.toString())
                .toCanonicalBytes();
    }

    ChannelVerifier verifier(long highest) {
        return new ChannelVerifier(trusted, clock, "com.example.shop", "production", highest);
    }

    @Test
    void acceptsASignedPointerAndRemembersItsSequence() throws Exception {
        byte[] json = pointer(42, T0.plusSeconds(86400)).toCanonicalBytes();
        ChannelVerifier v = verifier(41);
        ChannelPointer p = v.verify(json, sign(key, json));
        assertThat(p.sequence()).isEqualTo(42);
        assertThat(p.current().percent()).isEqualTo(5);
        assertThat(p.fallback().version()).isEqualTo("3.4.0");
        assertThat(v.highestSequence()).isEqualTo(42);
        // the same pointer again (a CDN re-serving it) is fine
        assertThat(v.verify(json, sign(key, json)).sequence()).isEqualTo(42);
    }

    @Test
    void canonicalFormRoundTripsByteForByte() {
        byte[] json = pointer(7, T0.plusSeconds(3600)).toCanonicalBytes();
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"appId\":\"com.example.shop\",\"channel\":\"production\",\"current\":{");
        assertThat(ChannelPointer.parse(json, "p.json").toCanonicalBytes()).isEqualTo(json);
        assertThat(ChannelPointer.parse(json, "p.json")).isEqualTo(pointer(7, T0.plusSeconds(3600)));
    }

    @Test
    void refusesALowerSequenceThanTheHighestSeen() throws Exception {
        byte[] json = pointer(41, T0.plusSeconds(86400)).toCanonicalBytes();
        assertThatThrownBy(() -> verifier(42).verify(json, sign(key, json)))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ROLLBACK))
                .hasMessageContaining("expected sequence 42 or higher but found sequence 41");
    }

    @Test
    void refusesTheSameSequenceWithDifferentContent() throws Exception {
        ChannelVerifier v = verifier(0);
        byte[] a = pointer(5, T0.plusSeconds(86400)).toCanonicalBytes();
        byte[] b = pointer(5, T0.plusSeconds(86401)).toCanonicalBytes();
        v.verify(a, sign(key, a));
        assertThatThrownBy(() -> v.verify(b, sign(key, b))).hasMessageContaining("already accepted");
    }

    @Test
    void refusesAnExpiredPointer() throws Exception {
        byte[] json = pointer(43, T0.plusSeconds(30)).toCanonicalBytes();
        ChannelVerifier v = verifier(0);
        assertThatThrownBy(() -> v.verify(json, sign(key, json)))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED))
                .hasMessageContaining("expired at 2026-03-29T14:00:30Z");
        assertThat(v.highestSequence()).isZero();
    }

    @Test
    void refusesAPointerSignedByAnUntrustedKeyOrTamperedAfterSigning() throws Exception {
        byte[] json = pointer(43, T0.plusSeconds(86400)).toCanonicalBytes();
        assertThatThrownBy(() -> verifier(0).verify(json, sign(otherKey, json)))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        byte[] sig = sign(key, json);
        byte[] tampered = new String(json, StandardCharsets.UTF_8).replace("\"percent\":5", "\"percent\":100")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier(0).verify(tampered, sig))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE))
                .hasMessageContaining("channels/production.json");
    }

    @Test
    void refusesAPointerForAnotherChannel() throws Exception {
        byte[] json = new ChannelPointer("com.example.shop", "beta", 50, T0, T0.plusSeconds(86400),
                new ChannelPointer.Current("3.5.0", H1, null, 100, "salt-0002"), null).toCanonicalBytes();
        assertThatThrownBy(() -> verifier(0).verify(json, sign(key, json)))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISMATCH));
    }

    @Test
    void malformedPointersNameTheFieldAtFault() {
        String good = new String(pointer(1, T0.plusSeconds(60)).toCanonicalBytes(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ChannelPointer.parse(good.replace("\"percent\":5", "\"percent\":101")
                .getBytes(StandardCharsets.UTF_8), "production.json"))
                .isInstanceOf(JsonException.class).hasMessageContaining("production.json: current.percent");
        assertThatThrownBy(() -> ChannelPointer.parse(good.replace("ota-channel/1", "ota-channel/2")
                .getBytes(StandardCharsets.UTF_8), "production.json")).hasMessageContaining("schema");
        assertThatThrownBy(() -> ChannelPointer.parse(good.replace("2026-03-29T14:00:00Z", "yesterday")
                .getBytes(StandardCharsets.UTF_8), "production.json")).hasMessageContaining("issuedAt");
        assertThatThrownBy(() -> ChannelPointer.parse("{\"schema\":\"ota-channel/1\"".getBytes(StandardCharsets.UTF_8),
                "production.json")).hasMessageContaining("production.json");
        assertThatThrownBy(() -> ChannelPointer.parse(good.replace("\"sequence\":1", "\"sequence\":0")
                .getBytes(StandardCharsets.UTF_8), "production.json")).hasMessageContaining("sequence");
    }

    static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
