package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * A PKCS#8 PEM private key on disk. For development only: a key in a file can be copied off a CI runner or a
 * laptop, which is exactly what HSM, KMS and the signing server exist to prevent.
 */
public final class FileSigner extends KeyBoundSigner {
    public static final String WARNING = "WARNING: signing with a development key file. Production keys belong in "
            + "an HSM (--signer pkcs11 or remote) or AWS KMS (--signer kms).";

    private final PrivateKey privateKey;
    private final Path file;

    private FileSigner(String keyId, Algorithm algorithm, PrivateKey privateKey, PublicKey publicKey, Path file) {
        super(keyId, algorithm, publicKey);
        this.privateKey = privateKey;
        this.file = file;
    }

    /**
     * @param algorithm the algorithm asked for, or null to take the one the key decides (an EC P-256 key); an RSA
     *                  key fits two and needs it named
     */
    public static FileSigner load(Path pemFile, String keyId, Algorithm algorithm) {
        String pem;
        try {
            pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read private key " + pemFile + ": " + IoErrors.reason(e), e);
        }
        PrivateKey key = parse(pem, pemFile);
        PublicKey pub;
        try {
            pub = publicOf(key);
        } catch (GeneralSecurityException e) {
            throw new OtaException.BadInput(pemFile + " holds " + article(key.getAlgorithm()) + " private key; ota "
                    + "signs with EC P-256 or RSA keys", e);
        }
        Algorithm chosen = KeyAlgorithms.choose(algorithm, pub, pemFile.toString());
        return new FileSigner(keyId, chosen, key, pub, pemFile);
    }

    /** The PKCS#8 key in the file, or a refusal that says what the file holds instead and how to convert it. */
    private static PrivateKey parse(String pem, Path pemFile) {
        String convert = "; convert it with: openssl pkey -in " + pemFile + " -out dev-pkcs8.pem";
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new OtaException.BadInput(pemFile + " is an encrypted PEM key, which ota does not read (a passphrase"
                    + " on a development key protects little); write it unencrypted with: openssl pkey -in " + pemFile
                    + " -out dev-pkcs8.pem");
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new OtaException.BadInput(pemFile + " is a PKCS#1 RSA key; ota reads PKCS#8 (BEGIN PRIVATE KEY)"
                    + convert);
        }
        if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new OtaException.BadInput(pemFile + " is a SEC1 EC key; ota reads PKCS#8 (BEGIN PRIVATE KEY)"
                    + convert);
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            String holds = pem.contains("-----BEGIN PUBLIC KEY-----") ? "holds a public key, not a private key"
                    : pem.contains("-----BEGIN CERTIFICATE-----") ? "holds a certificate, not a private key"
                    : pem.contains("-----BEGIN ") ? "holds no PKCS#8 private key (no BEGIN PRIVATE KEY block)"
                    : "is not a PEM file (no -----BEGIN PRIVATE KEY----- block)";
            throw new OtaException.BadInput(pemFile + " " + holds + "; make a development key with ota keygen or "
                    + "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out dev.pem");
        }
        byte[] der;
        try {
            der = Pem.decode(pem, "PRIVATE KEY");
        } catch (IllegalArgumentException e) {
            throw new OtaException.BadInput(pemFile + ": the PRIVATE KEY block is not valid base64", e);
        }
        for (String type : new String[] {"EC", "RSA", "Ed25519", "Ed448", "X25519", "DSA"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException ignored) {
                // not this type: try the next
            }
        }
        throw new OtaException.BadInput(pemFile + ": the PRIVATE KEY block is damaged or holds a key type Java does "
                + "not know");
    }

    private static String article(String keyType) {
        return ("AEIOUX".indexOf(keyType.charAt(0)) >= 0 ? "an " : "a ") + keyType;
    }

    static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        if (key instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        if (key instanceof ECPrivateKey ec) {
            return EcPublicKeys.derive(ec);
        }
        throw new GeneralSecurityException("unsupported key type " + key.getAlgorithm());
    }

    @Override
    public byte[] signDigest(byte[] sha256) {
        try {
            return DigestSigning.sign(algorithm(), privateKey, publicKey(), null, sha256);
        } catch (GeneralSecurityException e) {
            throw new SigningException("development key " + file + " failed to sign: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "development key file " + file + " (key id " + keyId() + ")";
    }
}
