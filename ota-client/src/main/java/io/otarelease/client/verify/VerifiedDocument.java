package io.otarelease.client.verify;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException.Reason;

/**
 * The one path every singly signed document (manifest, channel pointer) takes: the detached signature is checked
 * over the exact bytes first, and only bytes that passed can be parsed. An instance exists only after the check,
 * so "parse, then maybe verify" cannot be written with it.
 */
public final class VerifiedDocument {
    /** A parser of one document format, e.g. {@code Manifest::parse}; {@code name} is for its errors. */
    public interface Parser<T> {
        T parse(byte[] bytes, String name);
    }

    private final byte[] bytes;
    private final String name;
    private final SignatureEnvelope envelope;
    private final TrustedKey key;

    private VerifiedDocument(byte[] bytes, String name, SignatureEnvelope envelope, TrustedKey key) {
        this.bytes = bytes.clone();
        this.name = name;
        this.envelope = envelope;
        this.key = key;
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
        return new VerifiedDocument(bytes, name, envelope, key);
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

    public SignatureEnvelope envelope() {
        return envelope;
    }

    /** The trusted key whose signature verified. */
    public TrustedKey key() {
        return key;
    }
}
