package io.otarelease.core.sign;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;

/**
 * Derives the public key of an EC private key (Q = d·G). A PKCS#8 file need not carry the public point, and the
 * JCA offers no derivation. Only used for development key files; variable time is acceptable there.
 */
final class EcPublicKeys {
    private EcPublicKeys() {
    }

    static PublicKey derive(ECPrivateKey key) throws GeneralSecurityException {
        ECParameterSpec spec = key.getParams();
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger a = spec.getCurve().getA();
        ECPoint q = multiply(spec.getGenerator(), key.getS(), p, a);
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, spec));
    }

    private static ECPoint multiply(ECPoint g, BigInteger k, BigInteger p, BigInteger a) {
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = g;
        for (int i = 0; i < k.bitLength(); i++) {
            if (k.testBit(i)) {
                result = add(result, addend, p, a);
            }
            addend = add(addend, addend, p, a);
        }
        return result;
    }

    private static ECPoint add(ECPoint s, ECPoint t, BigInteger p, BigInteger a) {
        if (s.equals(ECPoint.POINT_INFINITY)) {
            return t;
        }
        if (t.equals(ECPoint.POINT_INFINITY)) {
            return s;
        }
        BigInteger lambda;
        if (s.getAffineX().equals(t.getAffineX())) {
            if (!s.getAffineY().equals(t.getAffineY()) || s.getAffineY().signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x2 = s.getAffineX().pow(2).multiply(BigInteger.valueOf(3)).add(a);
            lambda = x2.multiply(s.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = t.getAffineY().subtract(s.getAffineY())
                    .multiply(t.getAffineX().subtract(s.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x = lambda.pow(2).subtract(s.getAffineX()).subtract(t.getAffineX()).mod(p);
        BigInteger y = lambda.multiply(s.getAffineX().subtract(x)).subtract(s.getAffineY()).mod(p);
        return new ECPoint(x, y);
    }
}
