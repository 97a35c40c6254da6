package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which signature algorithm a key signs with. Where the key decides it (an EC P-256 key: ECDSA_SHA_256) no
 * {@code --algorithm} is needed; an RSA key fits two algorithms and the choice is the user's, because
 * trusted-keys.json binds each key id to one of them and a device refuses the other. A key that contradicts an
 * explicit {@code --algorithm} is refused naming both.
 */
public final class KeyAlgorithms {
    private KeyAlgorithms() {
    }

    /** The algorithms this key can carry, in the enum's order. */
    public static List<Algorithm> fitting(PublicKey key) {
        return Arrays.stream(Algorithm.values()).filter(a -> a.fits(key)).toList();
    }

    /** For a person: "an EC P-256 key", "an RSA-3072 key". */
    public static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "an RSA-" + rsa.getModulus().bitLength() + " key";
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return "an EC " + (bits == 256 ? "P-256" : bits + "-bit") + " key";
        }
        return "an " + key.getAlgorithm() + " key";
    }

    /**
     * @param requested the algorithm asked for, or null to infer it from the key
     * @param what      the key as a person knows it, e.g. {@code dev.pem} or {@code key "ota" in the token of ...}
     */
    public static Algorithm choose(Algorithm requested, PublicKey key, String what) {
        List<Algorithm> fit = fitting(key);
        if (requested != null) {
            if (fit.contains(requested)) {
                return requested;
            }
            throw new OtaException.BadInput(what + " is " + describe(key) + ", but --algorithm " + requested
                    + " needs " + needs(requested) + (fit.isEmpty() ? "; " + noneFits()
                    : "; this key signs with --algorithm " + names(fit)));
        }
        if (fit.size() == 1) {
            return fit.get(0);
        }
        if (fit.isEmpty()) {
            throw new OtaException.BadInput(what + " is " + describe(key) + ": " + noneFits());
        }
        throw new OtaException.BadInput(what + " is " + describe(key) + ", which signs with --algorithm "
                + names(fit) + ": give the one trusted-keys.json binds to this key id");
    }

    static String needs(Algorithm a) {
        return a.keyType().equals("EC") ? "an EC P-256 key" : "an RSA key of 2048 bits or more";
    }

    private static String noneFits() {
        return "no supported algorithm fits it (ECDSA_SHA_256 needs an EC P-256 key, RSASSA_PKCS1_V1_5_SHA_256 and "
                + "RSASSA_PSS_SHA_256 an RSA key of 2048 bits or more)";
    }

    private static String names(List<Algorithm> algorithms) {
        return algorithms.stream().map(Algorithm::name).collect(Collectors.joining(" or "));
    }
}
