package io.otarelease.core.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.signature.Algorithm;
import java.security.KeyPair;
import java.security.MessageDigest;
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

        assertThat(DigestVerification.verifies(algorithm, pair.getPublic(), digest, sig)).isTrue();
        byte[] otherDigest = digest.clone();
        otherDigest[0] ^= 1;
        assertThat(DigestVerification.verifies(algorithm, pair.getPublic(), otherDigest, sig)).isFalse();
        byte[] flipped = sig.clone();
        flipped[flipped.length / 2] ^= 0x10;
        assertThat(DigestVerification.verifies(algorithm, pair.getPublic(), digest, flipped)).isFalse();
        assertThat(DigestVerification.verifies(algorithm, other.getPublic(), digest, sig)).isFalse();
        assertThat(DigestVerification.verifies(algorithm, pair.getPublic(), digest, new byte[0])).isFalse();
        assertThat(DigestVerification.verifies(algorithm, pair.getPublic(), new byte[31], sig)).isFalse();
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
        assertThat(DigestVerification.verifies(otherRsa, pair.getPublic(), digest, sig)).isFalse();
    }
}
