package io.otarelease.core.sign;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a secret is, never the secret: an environment variable, a file, or a Jenkins credential id. Each ref carries
 * the option or field it came from ({@code --pin-env}, {@code pinCredentialsId}), so a refusal can name it. A
 * {@link SecretResolver} turns it into the value at the moment a signer opens.
 */
public sealed interface SecretRef {
    /** The option or setting this ref came from, as its source spells it. */
    String field();

    /** Where it points, safe to print (a name, a path or an id; never a value). */
    String describe();

    record Env(String name, String field) implements SecretRef {
        public Env {
            Objects.requireNonNull(name, field);
        }

        @Override
        public String describe() {
            return "environment variable " + name + " (" + field + ")";
        }
    }

    record File(Path path, String field) implements SecretRef {
        public File {
            Objects.requireNonNull(path, field);
        }

        @Override
        public String describe() {
            return "file " + path + " (" + field + ")";
        }
    }

    record Credential(String id, String field) implements SecretRef {
        public Credential {
            Objects.requireNonNull(id, field);
        }

        @Override
        public String describe() {
            return "credential '" + id + "' (" + field + ")";
        }
    }
}
