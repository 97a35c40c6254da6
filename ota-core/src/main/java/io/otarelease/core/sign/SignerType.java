package io.otarelease.core.sign;

import io.otarelease.core.OtaException;
import java.util.Arrays;
import java.util.List;

/**
 * The kinds of signer, each with one name. {@code hsm} is accepted for {@code remote}: the Jenkins plugin called the
 * signing server that before the names were joined, and profiles written then keep working.
 */
public enum SignerType {
    /** The signing server ({@code ota-signer}) over mutual TLS. */
    REMOTE("remote", "hsm"),
    KMS("kms"),
    PKCS11("pkcs11"),
    /** A key file: development only. */
    FILE("file");

    private final String name;
    private final List<String> aliases;

    SignerType(String name, String... aliases) {
        this.name = name;
        this.aliases = List.of(aliases);
    }

    /** The name users write: remote, kms, pkcs11 or file. */
    public String title() {
        return name;
    }

    /** The names users write, the aliases last: for help texts and refusals. */
    public static String accepted() {
        return "remote, kms, pkcs11 or file (hsm is another name for remote)";
    }

    /**
     * @param field how the source spells the setting ({@code --signer}, {@code signer}), for the refusal
     */
    public static SignerType parse(String value, String field) {
        String v = value.strip();
        return Arrays.stream(values()).filter(t -> t.name.equals(v) || t.aliases.contains(v)).findFirst()
                .orElseThrow(() -> new OtaException.BadInput("unknown signer '" + v + "' in " + field
                        + " (expected " + accepted() + ")"));
    }

    @Override
    public String toString() {
        return name;
    }
}
