package io.otarelease.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A SoftHSM2 token made for this test JVM, with keys generated inside it.
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} from the environment when the library is first loaded, and a JVM
 * cannot change its own environment, so surefire points {@code SOFTHSM2_CONF} at {@code target/softhsm2.conf};
 * this class writes that file, naming a fresh temporary token directory, before any test loads the library.
 * Every token must exist before the first {@code SunPKCS11.configure()} of the JVM, so all keys are made here,
 * once, by {@code keytool} (which stores the certificate Java's PKCS#11 key store needs beside each key).
 */
public final class SoftHsm {
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String TOKEN_LABEL = "ota-test";
    public static final String PIN = "4321-test-pin";
    public static final String RSA_KEY = "release-rsa";
    public static final String EC_KEY = "release-ec";

    private static SoftHsm shared;

    private final Path tokenDir;
    private final Path pkcs11Config;
    private Path untouchedConfig;

    private SoftHsm(Path tokenDir, Path pkcs11Config) {
        this.tokenDir = tokenDir;
        this.pkcs11Config = pkcs11Config;
    }

    public static boolean available() {
        return Files.isRegularFile(LIBRARY) && RealParts.onPath("softhsm2-util");
    }

    /** The token of this JVM, made on first use; skips (or fails in CI) when SoftHSM2 is missing. */
    public static synchronized SoftHsm shared() {
        RealParts.require(available(), "SoftHSM2 (apt-get install softhsm2)");
        if (shared == null) {
            shared = create();
        }
        return shared;
    }

    private static SoftHsm create() {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: surefire must set it (see the parent pom)");
        }
        try {
            Path tokens = Files.createTempDirectory("softhsm-tokens");
            Files.createDirectories(Path.of(conf).toAbsolutePath().getParent());
            Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\n");
            Map<String, String> env = Map.of("SOFTHSM2_CONF", conf);
            // Slot ids are random and the slot list is ordered by id, so each token is addressed by its slot id.
            Path cfg = tokens.resolve("sunpkcs11.cfg");
            Files.writeString(cfg, "name = SoftHSM\nlibrary = " + LIBRARY + "\nslot = " + initToken(env, TOKEN_LABEL)
                    + "\n");
            SoftHsm hsm = new SoftHsm(tokens, cfg);
            hsm.keytool(env, RSA_KEY, List.of("-keyalg", "RSA", "-keysize", "3072"));
            hsm.keytool(env, EC_KEY, List.of("-keyalg", "EC", "-groupname", "secp256r1"));
            // A second token nobody logs in to: PKCS#11 login is per token and process, so a wrong PIN is only
            // detectable on a token this JVM has not logged in to yet.
            hsm.untouchedConfig = tokens.resolve("untouched.cfg");
            Files.writeString(hsm.untouchedConfig, "name = SoftHSMUntouched\nlibrary = " + LIBRARY + "\nslot = "
                    + initToken(env, "ota-untouched") + "\n");
            return hsm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Initialises a token in the first free slot and returns the slot id it was given. */
    private static String initToken(Map<String, String> env, String label) {
        Processes.Result r = Processes.run(null, env, List.of("softhsm2-util", "--init-token", "--free", "--label",
                label, "--pin", PIN, "--so-pin", "8765-so"));
        check(r);
        var m = java.util.regex.Pattern.compile("slot (\\d+)").matcher(r.output());
        if (!m.find()) {
            throw new IllegalStateException("no slot id in: " + r.output());
        }
        return m.group(1);
    }

    private void keytool(Map<String, String> env, String alias, List<String> alg) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-keystore", "NONE", "-storetype", "PKCS11", "-providerClass",
                "sun.security.pkcs11.SunPKCS11", "-providerArg", pkcs11Config.toString(), "-storepass", PIN,
                "-alias", alias, "-dname", "CN=" + alias, "-validity", "3650"));
        cmd.addAll(alg);
        check(Processes.run(null, env, cmd));
    }

    private static void check(Processes.Result r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("SoftHSM2 setup failed: " + r.output());
        }
    }

    /** A SunPKCS11 configuration file for the token (library + slot id). */
    public Path pkcs11Config() {
        return pkcs11Config;
    }

    /** A SunPKCS11 configuration for a second token that no test logs in to successfully (for wrong-PIN tests). */
    public Path untouchedTokenConfig() {
        return untouchedConfig;
    }

    public Path tokenDir() {
        return tokenDir;
    }
}
