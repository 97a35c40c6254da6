package io.otarelease.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.otarelease.core.OtaException;
import java.io.IOException;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Turns a credentials id from a profile or a step call into a credential of the expected kind, or a message that
 * names the id, the field it came from and the kind expected. The Jenkins lookup is behind {@link Lookup}, so
 * these decisions are tested without a running Jenkins. Never reads a secret: only the credential object.
 */
public final class CredentialResolver {
    /** Finds the credential with this id for the running build (and records that the build used it). */
    @FunctionalInterface
    public interface Lookup {
        @CheckForNull
        Object byId(String id) throws IOException, InterruptedException;
    }

    /** The kinds of credential OTA Release reads, with the names the Jenkins credentials page shows. */
    public enum Kind {
        SECRET_TEXT(StringCredentials.class, "Secret text"),
        SECRET_FILE(FileCredentials.class, "Secret file"),
        CERTIFICATE(StandardCertificateCredentials.class, "Certificate"),
        AWS(AmazonWebServicesCredentials.class, "AWS Credentials");

        final Class<?> type;
        final String label;

        Kind(Class<?> type, String label) {
            this.type = type;
            this.label = label;
        }

        public String label() {
            return label;
        }

        String withArticle() {
            return ("AEIOU".indexOf(label.charAt(0)) >= 0 ? "an " : "a ") + label;
        }
    }

    private final Lookup lookup;

    public CredentialResolver(Lookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @param field the parameter or profile field the id came from, e.g. {@code pinCredentialsId}
     * @param forWhat what needs it, e.g. "the pkcs11 signer"
     */
    public <C> C require(String id, Class<C> type, String field, String forWhat)
            throws IOException, InterruptedException {
        Kind kind = kindOf(type);
        if (Settings.trim(id) == null) {
            throw new OtaException.BadInput(forWhat + " needs " + field + ": the id of " + kind.withArticle()
                    + " credential");
        }
        Object found = lookup.byId(id);
        if (found == null) {
            throw new OtaException.BadInput("Credentials '" + id + "' (" + field + ") were not found for this build: "
                    + "add " + kind.withArticle() + " credential with this id to the global store or to a folder "
                    + "containing this job");
        }
        if (!type.isInstance(found)) {
            throw new OtaException.BadInput("Credentials '" + id + "' (" + field + ") are of type '"
                    + describe(found) + "' where '" + kind.label + "' was expected");
        }
        return type.cast(found);
    }

    /**
     * A credential of any of {@code types}, e.g. a CA in a Secret file or in Secret text.
     */
    public Object requireAny(String id, String field, String forWhat, Class<?>... types)
            throws IOException, InterruptedException {
        Kind first = kindOf(types[0]);
        if (Settings.trim(id) == null) {
            throw new OtaException.BadInput(forWhat + " needs " + field + ": the id of " + first.withArticle()
                    + " credential");
        }
        Object found = lookup.byId(id);
        StringBuilder labels = new StringBuilder();
        for (Class<?> t : types) {
            if (found != null && t.isInstance(found)) {
                return found;
            }
            labels.append(labels.length() == 0 ? "'" : "' or '").append(kindOf(t).label);
        }
        labels.append("'");
        if (found == null) {
            throw new OtaException.BadInput("Credentials '" + id + "' (" + field + ") were not found for this build: "
                    + "add " + first.withArticle() + " credential with this id to the global store or to a folder "
                    + "containing this job");
        }
        throw new OtaException.BadInput("Credentials '" + id + "' (" + field + ") are of type '" + describe(found)
                + "' where " + labels + " was expected");
    }

    static Kind kindOf(Class<?> type) {
        for (Kind k : Kind.values()) {
            if (k.type == type) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a credential kind OTA Release reads: " + type.getName());
    }

    /** The kind of a credential as a person knows it: a label for the kinds we know, else its class. */
    static String describe(Object credential) {
        for (Kind k : Kind.values()) {
            if (k.type.isInstance(credential)) {
                return k.label;
            }
        }
        return credential.getClass().getSimpleName();
    }
}
