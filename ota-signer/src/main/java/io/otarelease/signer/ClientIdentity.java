package io.otarelease.signer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/** Who is calling: the subject and SHA-256 fingerprint of the client certificate the TLS handshake verified. */
public record ClientIdentity(X500Principal subject, String fingerprint) {
    public static ClientIdentity of(X509Certificate cert) {
        try {
            return new ClientIdentity(cert.getSubjectX500Principal(), fingerprint(cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lowercase hex SHA-256 of a certificate's DER, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public static String fingerprint(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts openssl's "AB:CD:..." form, plain hex, and an optional "sha256:" prefix. */
    public static String normalizeFingerprint(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256:")) {
            s = s.substring(7);
        }
        if (s.startsWith("sha256 fingerprint=")) {
            s = s.substring("sha256 fingerprint=".length());
        }
        s = s.replace(":", "");
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("must be a SHA-256 certificate fingerprint (64 hex digits, colons "
                    + "allowed) but is \"" + text + "\"");
        }
        return s;
    }

    public String subjectName() {
        return subject.getName(X500Principal.RFC2253);
    }
}
