package io.otarelease.client.attack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.verify.SignatureVerifier;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trusted key is bound to one algorithm: signatures made or labelled with another one are refused. */
class SignatureAttacksTest {
    static final byte[] MESSAGE = "{\"schema\":\"ota-manifest/1\"}".getBytes(StandardCharsets.UTF_8);
    static final TestKeys RSA = TestKeys.rsa("ota-rsa", Algorithm.RSASSA_PKCS1_V1_5_SHA_256);
    final SignatureVerifier verifier = new SignatureVerifier(new TrustedKeys(List.of(RSA.trusted())));

    SignatureEnvelope envelope(Algorithm label, byte[] sig) {
        return new SignatureEnvelope("ota-rsa", label, sig, TestKeys.SIGNED_AT);
    }

    @Test
    void aPssSignatureLabelledPssByAPkcs1KeyIsRefused() {
        byte[] pss = RSA.rawSign(MESSAGE, Algorithm.RSASSA_PSS_SHA_256);
        assertThatThrownBy(() -> verifier.verify(MESSAGE, envelope(Algorithm.RSASSA_PSS_SHA_256, pss), "m"))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(Reason.WRONG_ALGORITHM));
    }

    @Test
    void aPssSignatureLabelledPkcs1IsRefused() {
        byte[] pss = RSA.rawSign(MESSAGE, Algorithm.RSASSA_PSS_SHA_256);
        assertThatThrownBy(() -> verifier.verify(MESSAGE, envelope(Algorithm.RSASSA_PKCS1_V1_5_SHA_256, pss), "m"))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void anRsaKeyCannotBeTrustedForEcdsaNorAShortRsaKeyAtAll() throws Exception {
        assertThatThrownBy(() -> new TrustedKey("k", Algorithm.ECDSA_SHA_256, RSA.pair().getPublic()))
                .hasMessageContaining("cannot carry ECDSA_SHA_256");
        var g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        var weak = g.generateKeyPair().getPublic();
        assertThatThrownBy(() -> new TrustedKey("k", Algorithm.RSASSA_PKCS1_V1_5_SHA_256, weak))
                .hasMessageContaining("cannot carry");
    }
}
