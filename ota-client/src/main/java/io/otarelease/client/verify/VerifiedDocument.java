package io.otarelease.client.verify;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one path every signed document takes: the signature is checked over the exact bytes first, and only bytes
 * that passed can be parsed. Manifests and channel pointers carry one detached signature ({@link #check}); trust
 * documents a threshold of them ({@link #checkThreshold}). An instance exists only after the check, so "parse,
 * then maybe verify" cannot be written with it.
 */
public final class VerifiedDocument {
    /** A parser of one document format, e.g. {@code Manifest::parse}; {@code name} is for its errors. */
    public interface Parser<T> {
        T parse(byte[] bytes, String name);
    }

    private final byte[] bytes;
    private final String name;
    private final List<SignatureEnvelope> envelopes;
    private final List<TrustedKey> signers;

    private VerifiedDocument(byte[] bytes, String name, List<SignatureEnvelope> envelopes, List<TrustedKey> signers) {
        this.bytes = bytes.clone();
        this.name = name;
        this.envelopes = Collections.unmodifiableList(new ArrayList<>(envelopes));
        this.signers = Collections.unmodifiableList(new ArrayList<>(signers));
    }

    /**
     * Checks {@code signatureFile} (an {@code ota-signature/1} envelope, named {@code signatureName}) over the
     * exact {@code bytes} of the document {@code name} with a key of {@code trusted}.
     */
    public static VerifiedDocument check(byte[] bytes, byte[] signatureFile, TrustedKeys trusted, String name,
                                         String signatureName) throws VerificationException {
        SignatureEnvelope envelope;
        try {
            envelope = SignatureEnvelope.parse(signatureFile, signatureName);
        } catch (JsonException e) {
            throw new VerificationException(Reason.MALFORMED, e.getMessage(), e);
        }
        return check(bytes, envelope, trusted, name);
    }

    /** Checks an already parsed envelope over the exact {@code bytes} of the document {@code name}. */
    public static VerifiedDocument check(byte[] bytes, SignatureEnvelope envelope, TrustedKeys trusted, String name)
            throws VerificationException {
        TrustedKey key = new SignatureVerifier(trusted).verify(bytes, envelope, name);
        return new VerifiedDocument(bytes, name, Collections.singletonList(envelope), Collections.singletonList(key));
    }

    /**
     * Checks that at least {@code threshold} distinct keys of {@code keys} signed the exact {@code bytes}.
     * Signatures by other keys, or that do not verify, count for nothing (they may belong to another root version);
     * the refusal lists them so an operator sees which holder is missing. {@code role} names the key set in errors.
     */
    public static VerifiedDocument checkThreshold(byte[] bytes, List<SignatureEnvelope> signatures, TrustedKeys keys,
                                                  int threshold, String name, String role)
            throws VerificationException {
        SignatureVerifier verifier = new SignatureVerifier(keys);
        Set<String> valid = new LinkedHashSet<>();
        List<SignatureEnvelope> verified = new ArrayList<>();
        List<TrustedKey> signers = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (SignatureEnvelope e : signatures) {
            try {
                TrustedKey key = verifier.verify(bytes, e, name);
                if (valid.add(e.keyId())) {
                    verified.add(e);
                    signers.add(key);
                }
            } catch (VerificationException ex) {
                refused.add(e.keyId() + " (" + ex.reason().name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        if (valid.size() < threshold) {
            throw new VerificationException(Reason.BAD_SIGNATURE, name + " needs signatures by " + threshold + " "
                    + role + " keys but has " + valid.size() + (valid.isEmpty() ? "" : " " + valid)
                    + (refused.isEmpty() ? "" : "; not counted: " + String.join(", ", refused)));
        }
        return new VerifiedDocument(bytes, name, verified, signers);
    }

    /** Parses the verified bytes; a document that does not parse is refused as {@link Reason#MALFORMED}. */
    public <T> T parse(Parser<T> parser) throws VerificationException {
        try {
            return parser.parse(bytes.clone(), name);
        } catch (JsonException e) {
            throw new VerificationException(Reason.MALFORMED, e.getMessage(), e);
        }
    }

    /** The exact bytes that were verified. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String name() {
        return name;
    }

    /** The signature that verified (the first one, for a threshold document). */
    public SignatureEnvelope envelope() {
        return envelopes.get(0);
    }

    /** The trusted key whose signature verified (the first one, for a threshold document). */
    public TrustedKey key() {
        return signers.get(0);
    }

    /** Every distinct trusted key whose signature verified. */
    public List<TrustedKey> signers() {
        return signers;
    }
}
