package io.otarelease.core.tls;

import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS material for mutual TLS, shared by the signing server and its client: an identity from a PKCS#12 file
 * (what Jenkins certificate credentials hold), trust anchored in a PEM CA file and nothing else (never the JDK's
 * public CAs), TLS 1.2 and 1.3 only.
 */
public final class TlsContexts {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsContexts() {
    }

    /** An SSLContext with this identity (may be null for none) and these trust managers. */
    public static SSLContext context(KeyManager[] identity, TrustManager[] trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(identity, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this Java runtime", e);
        }
    }

    /** A PKCS#12 file's key store, opened with its password (which stays with the caller). */
    public static KeyStore keyStore(Path p12, Secret password) {
        char[] pw = password.reveal();
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            return ks;
        } catch (IOException e) {
            // a wrong password shows as an IOException from KeyStore.load
            throw new OtaException.BadInput("cannot open PKCS#12 file " + p12 + " with the password from "
                    + password.origin() + ": " + IoErrors.reason(e), null);
        } catch (GeneralSecurityException e) {
            throw new OtaException.BadInput("PKCS#12 file " + p12 + " is not usable: " + e.getMessage(), null);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** The private key and certificate chain of a PKCS#12 file. */
    public static KeyManager[] identity(Path p12, Secret password) {
        return identity(keyStore(p12, password), password, "PKCS#12 file " + p12);
    }

    /**
     * The private key and certificate chain of a key store held in memory (nothing written to disk).
     *
     * @param where what the key store is, for errors: a file, a credential
     */
    public static KeyManager[] identity(KeyStore ks, Secret password, String where) {
        char[] pw = password.reveal();
        try {
            boolean hasKey = false;
            for (String alias : java.util.Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new OtaException.BadInput(where + " holds no private key with a certificate");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new OtaException.BadInput(where + " cannot be opened with the password from " + password.origin()
                    + ": " + e.getMessage(), null);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** Trust managers that accept only chains to the certificates of this PEM file. */
    public static TrustManager[] trustOnly(Path caPem) {
        return trustOnly(certificates(caPem), "CA file " + caPem);
    }

    /** Trust managers that accept only chains to these certificates. */
    public static TrustManager[] trustOnly(List<X509Certificate> cas, String where) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (X509Certificate c : cas) {
                anchors.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new OtaException.BadInput("cannot use " + where + ": " + IoErrors.reason(e), null);
        }
    }

    public static List<X509Certificate> certificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return certificates(in, pem.toString());
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read certificates from " + pem + ": " + IoErrors.reason(e), null);
        }
    }

    /** @param where the file or credential the PEM came from, for errors */
    public static List<X509Certificate> certificates(InputStream pem, String where) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(pem);
            if (certs.isEmpty()) {
                throw new OtaException.BadInput(where + " holds no PEM certificate");
            }
            return certs.stream().map(c -> (X509Certificate) c).toList();
        } catch (CertificateException e) {
            throw new OtaException.BadInput("cannot read certificates from " + where + ": " + e.getMessage(), null);
        }
    }

    public static String sha256Hex(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Wraps PKIX server trust with a pin: after the chain and host name check, the server's own certificate must
     * have this SHA-256 fingerprint (lowercase hex). A pin survives a compromised CA; it must be updated when
     * the server certificate is renewed.
     */
    public static TrustManager[] pinned(TrustManager[] pkix, String sha256Hex) {
        X509ExtendedTrustManager base = (X509ExtendedTrustManager) Arrays.stream(pkix)
                .filter(t -> t instanceof X509ExtendedTrustManager).findFirst()
                .orElseThrow(() -> new IllegalStateException("no X509 trust manager"));
        return new TrustManager[] {new PinningTrustManager(base, sha256Hex)};
    }

    /** Thrown (as the cause of the handshake failure) when the server certificate does not match the pin. */
    public static final class PinMismatch extends CertificateException {
        private static final long serialVersionUID = 1L;

        PinMismatch(String message) {
            super(message);
        }
    }

    private static final class PinningTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager base;
        private final String pin;

        PinningTrustManager(X509ExtendedTrustManager base, String pin) {
            this.base = base;
            this.pin = pin;
        }

        private void checkPin(X509Certificate[] chain) throws CertificateException {
            String actual = sha256Hex(chain[0].getEncoded());
            if (!actual.equals(pin)) {
                throw new PinMismatch("the server certificate's SHA-256 is " + actual + " but the pin is " + pin);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            base.checkServerTrusted(chain, authType, socket);
            checkPin(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            base.checkServerTrusted(chain, authType, engine);
            checkPin(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            base.checkServerTrusted(chain, authType);
            checkPin(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a pinning trust manager only checks servers");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a pinning trust manager only checks servers");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a pinning trust manager only checks servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return base.getAcceptedIssuers();
        }
    }
}
