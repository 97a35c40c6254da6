package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key inside a PKCS#11 token (an HSM, a YubiHSM, SoftHSM2 in tests) through Java's SunPKCS11 provider. The
 * private key never leaves the token: we hold only a handle, and the token computes every signature.
 *
 * <p>Java's PKCS#11 key store shows a private key only when a certificate with the same label sits beside it;
 * {@code keytool -genkeypair -storetype PKCS11} makes both. The PIN comes from an environment variable or a file.
 */
public final class Pkcs11Signer extends KeyBoundSigner {
    private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();

    private final Provider provider;
    private final PrivateKey privateKey;
    private final String keyLabel;

    private Pkcs11Signer(String keyId, Algorithm algorithm, Provider provider, PrivateKey privateKey,
                         PublicKey publicKey, String keyLabel) {
        super(keyId, algorithm, publicKey);
        this.provider = provider;
        this.privateKey = privateKey;
        this.keyLabel = keyLabel;
    }

    /** Where the token is: a SunPKCS11 configuration file, or a library with a slot id or slot list index. */
    public record TokenConfig(Path configFile, Path library, Long slot, Integer slotListIndex) {
        public static TokenConfig ofFile(Path configFile) {
            return new TokenConfig(configFile, null, null, null);
        }

        public static TokenConfig ofLibrary(Path library, Long slot, Integer slotListIndex) {
            return new TokenConfig(null, library, slot, slotListIndex);
        }

        String sunPkcs11Config() {
            if (configFile != null) {
                if (!Files.isRegularFile(configFile)) {
                    throw new OtaException.BadInput("PKCS#11 configuration file " + configFile + " does not exist");
                }
                return configFile.toAbsolutePath().toString();
            }
            if (library == null) {
                throw new OtaException.BadInput("a PKCS#11 signer needs --pkcs11-config or --pkcs11-library");
            }
            if (!Files.isRegularFile(library)) {
                throw new OtaException.BadInput("PKCS#11 library " + library + " does not exist");
            }
            StringBuilder cfg = new StringBuilder("--name=OTA\nlibrary=").append(library.toAbsolutePath()).append('\n');
            if (slot != null) {
                cfg.append("slot=").append(slot).append('\n');
            } else {
                cfg.append("slotListIndex=").append(slotListIndex == null ? 0 : slotListIndex).append('\n');
            }
            return cfg.toString();
        }

        public String describe() {
            if (configFile != null) {
                return "token of " + configFile;
            }
            return "token in " + (slot != null ? "slot " + slot : "slot index " + (slotListIndex == null ? 0 : slotListIndex))
                    + " of " + library;
        }
    }

    public static Pkcs11Signer open(TokenConfig token, String keyLabel, String keyId, Algorithm algorithm, Secret pin) {
        Provider provider = provider(token);
        char[] pinChars = pin.reveal();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pinChars);
            Key key = ks.getKey(keyLabel, null);
            Certificate cert = ks.getCertificate(keyLabel);
            if (!(key instanceof PrivateKey priv) || cert == null) {
                throw new OtaException.BadInput("no private key with label \"" + keyLabel + "\" and a certificate beside"
                        + " it in the " + token.describe() + " (make keys with keytool -genkeypair -storetype PKCS11)");
            }
            PublicKey pub = cert.getPublicKey();
            Algorithm chosen = KeyAlgorithms.choose(algorithm, pub, "key \"" + keyLabel + "\" in the "
                    + token.describe());
            return new Pkcs11Signer(keyId, chosen, provider, priv, pub, keyLabel);
        } catch (java.io.IOException e) {
            // SunPKCS11 reports a wrong PIN as an IOException wrapping CKR_PIN_INCORRECT
            throw new OtaException.BadInput("cannot log in to the " + token.describe() + " with the PIN from "
                    + pin.origin() + ": " + rootMessage(e), e);
        } catch (GeneralSecurityException e) {
            throw new OtaException.Infrastructure("PKCS#11 " + token.describe() + " failed: " + rootMessage(e), e);
        } finally {
            java.util.Arrays.fill(pinChars, '\0');
        }
    }

    private static Provider provider(TokenConfig token) {
        String cfg = token.sunPkcs11Config();
        return PROVIDERS.computeIfAbsent(cfg, c -> {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new OtaException.Infrastructure("this Java runtime has no SunPKCS11 provider");
            }
            try {
                return base.configure(c);
            } catch (RuntimeException e) {
                throw new OtaException.Infrastructure("cannot open the PKCS#11 " + token.describe() + ": "
                        + rootMessage(e), e);
            }
        });
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }

    @Override
    public byte[] signDigest(byte[] sha256) {
        try {
            return DigestSigning.sign(algorithm(), privateKey, publicKey(), provider, sha256);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SigningException("PKCS#11 key \"" + keyLabel + "\" failed to sign: " + rootMessage(e), e);
        }
    }

    @Override
    public String describe() {
        return "PKCS#11 key \"" + keyLabel + "\" (key id " + keyId() + ")";
    }
}
