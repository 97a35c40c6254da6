package io.otarelease.core.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Verification over a digest accepts exactly the signatures DigestSigning makes, and nothing near them. */
class DigestVerificationTest {
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void acceptsTheRightSignatureAndRefusesEveryVariation(Algorithm algorithm) throws Exception {
        KeyPair pair = KeyGen.generate(algorithm);
        KeyPair other = KeyGen.generate(algorithm);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("manifest".getBytes());
        byte[] sig = DigestSigning.sign(algorithm, pair.getPrivate(), pair.getPublic(), null, digest);

        assertThatCode(() -> verify(algorithm, pair.getPublic(), digest, sig)).doesNotThrowAnyException();
        byte[] otherDigest = digest.clone();
        otherDigest[0] ^= 1;
        assertThatThrownBy(() -> verify(algorithm, pair.getPublic(), otherDigest, sig))
                .isInstanceOf(VerificationException.class);
        byte[] flipped = sig.clone();
        flipped[flipped.length / 2] ^= 0x10;
        assertThatThrownBy(() -> verify(algorithm, pair.getPublic(), digest, flipped))
                .isInstanceOf(VerificationException.class);
        assertThatThrownBy(() -> verify(algorithm, other.getPublic(), digest, sig))
                .isInstanceOf(VerificationException.class);
        assertThatThrownBy(() -> verify(algorithm, pair.getPublic(), digest, new byte[0]))
                .isInstanceOf(VerificationException.class);
        assertThatThrownBy(() -> verify(algorithm, pair.getPublic(), new byte[31], sig))
                .isInstanceOf(VerificationException.class);
        // and the JCA's own verifier over the whole message agrees (SignatureVerifier's path)
        var v = algorithm.newVerifier();
        v.initVerify(pair.getPublic());
        v.update("manifest".getBytes());
        assertThat(v.verify(sig)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PSS_SHA_256"})
    void pkcs1AndPssSignaturesAreNotInterchangeable(Algorithm algorithm) throws Exception {
        KeyPair pair = KeyGen.generate(algorithm);
        byte[] digest = new byte[32];
        byte[] sig = DigestSigning.sign(algorithm, pair.getPrivate(), pair.getPublic(), null, digest);
        Algorithm otherRsa = algorithm == Algorithm.RSASSA_PSS_SHA_256 ? Algorithm.RSASSA_PKCS1_V1_5_SHA_256
                : Algorithm.RSASSA_PSS_SHA_256;
        assertThatThrownBy(() -> verify(otherRsa, pair.getPublic(), digest, sig))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void aRefusalSaysWhichSignatureAndWhy() throws Exception {
        KeyPair pair = KeyGen.generate(Algorithm.ECDSA_SHA_256);
        byte[] digest = new byte[32];
        byte[] sig = DigestSigning.sign(Algorithm.ECDSA_SHA_256, pair.getPrivate(), pair.getPublic(), null, digest);
        byte[] otherDigest = digest.clone();
        otherDigest[0] ^= 1;
        assertThatThrownBy(() -> verify(Algorithm.ECDSA_SHA_256, pair.getPublic(), otherDigest, sig))
                .hasMessage("test signature does not verify with the key's public key (ECDSA_SHA_256)")
                .extracting(e -> ((VerificationException) e).reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThatThrownBy(() -> verify(Algorithm.ECDSA_SHA_256, pair.getPublic(), new byte[31], sig))
                .hasMessageContaining("over 31 bytes, not a 32-byte SHA-256 digest")
                .extracting(e -> ((VerificationException) e).reason()).isEqualTo(Reason.MALFORMED);
        assertThatThrownBy(() -> verify(Algorithm.RSASSA_PSS_SHA_256, pair.getPublic(), digest, sig))
                .hasMessageContaining("the EC key cannot carry RSASSA_PSS_SHA_256")
                .extracting(e -> ((VerificationException) e).reason()).isEqualTo(Reason.WRONG_ALGORITHM);
    }

    private static void verify(Algorithm algorithm, PublicKey key, byte[] digest, byte[] signature)
            throws VerificationException {
        DigestVerification.verify(algorithm, key, digest, signature, "test signature");
    }
}
