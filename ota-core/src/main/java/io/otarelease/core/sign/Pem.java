package io.otarelease.core.sign;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM armour for PKCS#8 private keys and SubjectPublicKeyInfo public keys, as openssl writes them. */
public final class Pem {
    private Pem() {
    }

    public static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The DER inside the first block with this label; throws naming the label when there is none. */
    public static byte[] decode(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end, Math.max(b, 0));
        if (b < 0 || e < 0) {
            throw new IllegalArgumentException("no \"" + label + "\" PEM block found");
        }
        return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    }
}
