package io.otarelease.jenkins;

import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.cdn.CloudFrontCdn;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.SecretResolver;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.Store;
import java.io.IOException;
import java.time.Clock;

/**
 * What a step that signs a channel pointer opens on the controller, once per run: the stores, the keys devices
 * trust, the profile's signer and the CDN, and who acts. Closing it closes the CDN client and the signer.
 */
public record ControllerRelease(StepTarget where, TrustedKeys keys, Signer signer, Cdn cdn, String actor)
        implements AutoCloseable {

    /**
     * Opens the keys, the signer and the CDN for a step whose stores were checked first; whatever was opened is
     * closed again when a later part fails.
     */
    static ControllerRelease open(StepRun run, StepTarget where) throws IOException, InterruptedException {
        TrustedKeys keys = trustedKeys(run);
        SecretResolver secrets = run.secrets();
        // the profile's signer signs channel pointers (no per-call override: the key is the administrator's)
        Signer signer = SignerFactory.open(OtaSignerSettings.spec(run.profile() == null ? null
                : run.profile().getSigner(), null), secrets, run.log()::println);
        Cdn cdn = Cdn.NONE;
        try {
            cdn = cdn(run.target(), secrets);
            return new ControllerRelease(where, keys, signer, cdn, run.actor());
        } catch (IOException | InterruptedException | RuntimeException e) {
            close(cdn, signer);
            throw e;
        }
    }

    public String step() {
        return where.step();
    }

    public ReleaseTarget target() {
        return where.target();
    }

    /** The engine's view of the channel: the production store, its registry, the keys, the signer and the CDN. */
    public ReleaseContext context(Store prod, Clock clock) {
        ReleaseTarget t = target();
        return new ReleaseContext(t.appId(), t.channel(), prod, new StoreRegistry(prod, t.appId()), keys,
                new SigningService(signer, clock), cdn, clock, actor, ReleaseContext.DEFAULT_VALIDITY);
    }

    @Override
    public void close() {
        close(cdn, signer);
    }

    private static void close(Cdn cdn, Signer signer) {
        try {
            if (cdn instanceof AutoCloseable c) {
                c.close();
            }
        } catch (Exception e) {
            // the CDN client holds only an HTTP pool; failing to close it changes nothing released
        } finally {
            signer.close();
        }
    }

    /** From the workspace when the step runs inside node and names a file, else the profile's content. */
    private static TrustedKeys trustedKeys(StepRun run) throws IOException, InterruptedException {
        ReleaseTarget t = run.target();
        byte[] file = null;
        if (run.workspace() != null && t.trustedKeys() != null) {
            file = run.workspace().act(new ReadWorkspaceFile(t.trustedKeys(), "trustedKeys"));
        }
        return ReleaseTarget.parseTrustedKeys(file, t.trustedKeys(), t.trustedKeysContent(), run.step());
    }

    /**
     * {@code none}/empty, or {@code cloudfront:DISTRIBUTION}; the AWS keys are the profile's CDN credential, which
     * must be named: the controller's own AWS identity is never used.
     */
    static Cdn cdn(ReleaseTarget t, SecretResolver secrets) throws IOException, InterruptedException {
        String spec = t.cdn();
        if (spec == null || spec.equals("none")) {
            return Cdn.NONE;
        }
        if (spec.startsWith("cloudfront:") && spec.length() > "cloudfront:".length()) {
            if (t.cdnCredentialsId() == null) {
                throw new OtaException.BadInput("the cloudfront CDN needs cdnCredentialsId on the profile (an AWS "
                        + "Credentials credential): the controller's own AWS identity is never used");
            }
            return CloudFrontCdn.open(spec.substring("cloudfront:".length()),
                    t.cdnEndpoint() == null ? null : Settings.uri(t.cdnEndpoint(), "cdnEndpoint"), 5,
                    secrets.aws(new SecretRef.Credential(t.cdnCredentialsId(), "cdnCredentialsId")));
        }
        throw new OtaException.BadInput("cdn \"" + spec + "\" is not none or cloudfront:DISTRIBUTION_ID");
    }
}
