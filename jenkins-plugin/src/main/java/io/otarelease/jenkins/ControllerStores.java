package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.SecretResolver;
import io.otarelease.core.store.S3Settings;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.Stores;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Opens stores on the controller under the administrator's rules: {@code file://} only when the global switch
 * {@code allowFileStoresOnController} is on, {@code s3://} only with the AWS credential the profile names in
 * {@code s3CredentialsId} — never the controller's own AWS identity (the SDK's default chain).
 */
public final class ControllerStores {
    private final String profile;
    private final boolean fileAllowed;
    private final AwsCredentialsProvider s3Credentials;

    /**
     * @param profile the profile's name, for messages (null: none)
     * @param s3Credentials the keys of the profile's S3 credential, or null when it names none
     */
    public ControllerStores(String profile, boolean fileAllowed, AwsCredentialsProvider s3Credentials) {
        this.profile = profile;
        this.fileAllowed = fileAllowed;
        this.s3Credentials = s3Credentials;
    }

    /**
     * Checks every store the step will open before it does anything else, resolving the profile's S3 credential
     * (for the running build, recorded on it) only when a store is {@code s3://}.
     *
     * @param storeFields the target's stores the step opens: {@code stagingStore}, {@code productionStore}
     */
    static ControllerStores of(Administration admin, OtaProfile profile, ReleaseTarget t, SecretResolver secrets,
                               String... storeFields) throws IOException, InterruptedException {
        String name = profile == null ? null : profile.getName();
        ControllerStores unresolved = new ControllerStores(name, admin.fileStoresOnController(), null);
        String firstS3 = null;
        for (String field : storeFields) {
            String url = url(t, field);
            if (url != null) {
                unresolved.checkFile(field, url);
                if (firstS3 == null && "s3".equals(scheme(url))) {
                    firstS3 = field;
                }
            }
        }
        if (firstS3 == null) {
            return unresolved;
        }
        if (t.s3CredentialsId() == null) {
            throw new OtaException.BadInput(unresolved.noCredential(firstS3));
        }
        return new ControllerStores(name, admin.fileStoresOnController(),
                secrets.aws(new SecretRef.Credential(t.s3CredentialsId(), "s3CredentialsId")));
    }

    /** Opens {@code url} (the value of {@code field}) if the rules allow it. */
    public Store open(String field, String url, S3Settings s3) {
        checkFile(field, url);
        if ("s3".equals(scheme(url)) && s3Credentials == null) {
            throw new OtaException.BadInput(noCredential(field));
        }
        return Stores.open(url, s3, s3Credentials);
    }

    private void checkFile(String field, String url) {
        if ("file".equals(scheme(url)) && !fileAllowed) {
            throw new OtaException.BadInput(field + " is a file:// store, which this step would open on the Jenkins "
                    + "controller: refused. Use an s3:// store, or an administrator turns on "
                    + "allowFileStoresOnController in Manage Jenkins » System » OTA Release");
        }
    }

    private String noCredential(String field) {
        return field + " is an s3:// store and " + (profile == null ? "no profile" : "profile '" + profile + "'")
                + " names no AWS credential for it: an administrator sets s3CredentialsId on the profile (an AWS "
                + "Credentials credential). The controller's own AWS identity is never used";
    }

    private static String url(ReleaseTarget t, String field) {
        return switch (field) {
            case Overrides.STAGING_STORE -> t.stagingStore();
            case Overrides.PRODUCTION_STORE -> t.productionStore();
            default -> throw new IllegalArgumentException("not a store field: " + field);
        };
    }

    /** The URL's scheme in lower case, or null when it is no URL (Stores.open then says what is wrong). */
    private static String scheme(String url) {
        try {
            String s = new URI(url).getScheme();
            return s == null ? null : s.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
