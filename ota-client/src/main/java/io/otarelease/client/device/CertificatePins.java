package io.otarelease.client.device;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pins of the CDN's TLS key, built into the app beside its trust root: the SHA-256 of the server certificate's
 * SubjectPublicKeyInfo (its DER encoding), base64, as {@code openssl x509 -pubkey | openssl pkey -pubin -outform der
 * | openssl dgst -sha256 -binary | base64} prints it. Several pins allow a rotation (the current key and the next
 * one). Only the server's own certificate is compared: a pin matching some other certificate a server chose to send
 * along proves nothing. The pins stop being enforced at {@code expires}, so a key lost before an app update ships
 * new pins cannot stop updates for ever; the signatures of every document protect the content either way.
 */
public final class CertificatePins {
    private final Set<String> pins;
    private final Instant expires;
    private final Clock clock;

    /**
     * @param pins base64 SHA-256 digests (44 characters each), at least one
     * @param expires the instant from which the pins are no longer enforced
     * @throws IllegalArgumentException naming the pin that is not a base64 SHA-256 digest
     */
    public CertificatePins(List<String> pins, Instant expires, Clock clock) {
        if (pins.isEmpty()) {
            throw new IllegalArgumentException("no pins given: name at least one base64 SHA-256 SPKI digest");
        }
        Set<String> set = new LinkedHashSet<>();
        for (String p : pins) {
            String pin = p.trim();
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(pin);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pin \"" + pin + "\" is not base64");
            }
            if (digest.length != 32) {
                throw new IllegalArgumentException("pin \"" + pin + "\" is " + digest.length + " bytes, not the 32 "
                        + "of a SHA-256 digest of the certificate's public key (SPKI)");
            }
            set.add(Base64.getEncoder().encodeToString(digest));
        }
        if (expires == null) {
            throw new IllegalArgumentException("pins need an expiry date (after it they are not enforced)");
        }
        this.pins = Collections.unmodifiableSet(set);
        this.expires = expires;
        this.clock = clock;
    }

    public Set<String> pins() {
        return pins;
    }

    public Instant expires() {
        return expires;
    }

    /** Whether the pins are enforced now (before their expiry). */
    public boolean enforced() {
        return clock.instant().isBefore(expires);
    }

    /** The base64 SHA-256 of a certificate's SubjectPublicKeyInfo. */
    public static String pinOf(Certificate certificate) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * Checks the server's certificate chain (leaf first) of a connection to {@code where}.
     *
     * @throws Transport.RefusedException {@link Transport.Refusal#PIN_MISMATCH} when the pins are enforced and the
     *     server's key matches none of them
     */
    void check(Certificate[] chain, String where) throws Transport.RefusedException {
        if (!enforced()) {
            return;
        }
        String got = chain == null || chain.length == 0 ? null : pinOf(chain[0]);
        if (got == null || !pins.contains(got)) {
            List<String> expected = new ArrayList<>(pins);
            throw new Transport.RefusedException(Transport.Refusal.PIN_MISMATCH, where + " presented a TLS key "
                    + (got == null ? "(none)" : "with pin " + got) + " that matches none of the app's pins "
                    + expected + " (enforced until " + expires + "); nothing was requested over it");
        }
    }
}
