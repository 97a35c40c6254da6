package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
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
public final class FileSigner implements Signer {
    public static final String WARNING = "WARNING: signing with a development key file. Production keys belong in "
            + "an HSM (--signer pkcs11 or remote) or AWS KMS (--signer kms).";

    private final String keyId;
    private final Algorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Path file;

    private FileSigner(String keyId, Algorithm algorithm, PrivateKey privateKey, PublicKey publicKey, Path file) {
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.file = file;
    }

    public static FileSigner load(Path pemFile, String keyId, Algorithm algorithm) {
        String pem;
        try {
            pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read private key " + pemFile + ": " + e.getMessage(), e);
        }
        try {
            byte[] der = Pem.decode(pem, "PRIVATE KEY");
            PrivateKey key = KeyFactory.getInstance(algorithm.keyType()).generatePrivate(new PKCS8EncodedKeySpec(der));
            PublicKey pub = publicOf(key);
            if (!algorithm.fits(pub)) {
                throw new OtaException.BadInput(pemFile + ": this key cannot carry " + algorithm);
            }
            return new FileSigner(keyId, algorithm, key, pub, pemFile);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new OtaException.BadInput(pemFile + ": not a PKCS#8 PEM " + algorithm.keyType()
                    + " private key (" + e.getMessage() + ")", e);
        }
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
    public String keyId() {
        return keyId;
    }

    @Override
    public Algorithm algorithm() {
        return algorithm;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] signDigest(byte[] sha256) {
        try {
            return DigestSigning.sign(algorithm, privateKey, publicKey, null, sha256);
        } catch (GeneralSecurityException e) {
            throw new SigningException("development key " + file + " failed to sign: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "development key file " + file + " (key id " + keyId + ")";
    }
}
