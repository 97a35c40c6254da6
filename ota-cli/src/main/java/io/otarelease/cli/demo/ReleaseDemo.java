package io.otarelease.cli.demo;

import io.otarelease.cli.TrustedKeysFiles;
import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.channel.Rollout;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.bundle.BundleSigner;
import io.otarelease.core.bundle.ManifestBuilder;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.io.FileTrees;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.RegistryTable;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Rollback;
import io.otarelease.core.release.Stager;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.FileStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The release half of {@code ota demo}: stage the signed sample bundle to a local file store, promote it to 5% then
 * 100%, release a second version, roll it back, and print the registry and the rollback time.
 */
final class ReleaseDemo {
    private final PrintWriter out;
    private final Path dir;
    private final Signer releaseSigner;
    private final Clock clock = Clock.systemUTC();

    ReleaseDemo(PrintWriter out, Path dir, Signer releaseSigner) {
        this.out = out;
        this.dir = dir;
        this.releaseSigner = releaseSigner;
    }

    void run(Path www, Path trustedKeysFile, String appId) throws IOException {
        step("6. Make a channel key (channel pointers may be signed by an online key beside the release key)");
        FileSigner channelSigner = key("dev-channel");
        TrustedKeys trusted = TrustedKeysFiles.add(trustedKeysFile, channelSigner.trustedKey());
        out.println("   trusted keys now: " + trusted.keys().stream().map(k -> k.keyId()).toList());

        FileStore staging = new FileStore(dir.resolve("stores/staging"));
        FileStore production = new FileStore(dir.resolve("stores/production"));
        ReleaseContext ctx = new ReleaseContext(appId, "production", production, new StoreRegistry(production, appId),
                trusted, new SigningService(channelSigner, clock), Cdn.NONE, clock, "demo",
                ReleaseContext.DEFAULT_VALIDITY);

        step("7. Stage 1.0.0 to " + staging.url());
        stage(staging, trusted, www);

        step("8. Promote 1.0.0 to 5%, then to 100%");
        promote(ctx, staging, "1.0.0", 5);
        promote(ctx, staging, "1.0.0", 100);

        Path next = dir.resolve("releases/1.1.0/www");
        FileTrees.copy(www, next);
        Path changed = DemoCommand.firstScript(next);
        step("9. Release 1.1.0 (" + next.relativize(changed) + " changed): stage, promote to 5%, then 100%");
        Files.writeString(changed, Files.readString(changed) + "\n// 1.1.0: prices with two decimals\n");
        BundleSigner.sign(next, new ManifestBuilder().appId(appId).version("1.1.0").minNativeVersion("1.0.0")
                .source(new Source(null, "ota/v1.1.0", null)), new SigningService(releaseSigner, clock));
        stage(staging, trusted, next);
        promote(ctx, staging, "1.1.0", 5);
        promote(ctx, staging, "1.1.0", 100);

        step("10. Crash-free rate drops: roll back to the previous release");
        Rollback.Result r = new Rollback(ctx).rollback(Rollback.PREVIOUS, "demo: crash-free rate 97.2% < 98%");
        out.printf("   channel production now serves %s (sequence %d); %s quarantined%n", r.target(), r.sequence(),
                r.failed());
        out.printf("   rollback time: %d ms of store operations (%d ms in all; no CDN in the demo)%n",
                r.storeElapsed().toMillis(), r.totalElapsed().toMillis());
        deviceView(production, trusted, appId);

        step("11. The version registry");
        out.print(RegistryTable.render(new StoreRegistry(production, appId).read()).replaceAll("(?m)^", "   "));
        out.println("   audit records: " + production.list(new StoreLayout(appId).auditPrefix()).size() + " in "
                + production.root().resolve(appId + "/audit"));
    }

    private void stage(FileStore staging, TrustedKeys trusted, Path www) {
        Stager.Result s = new Stager(staging, new StoreRegistry(staging, s0(www)), trusted, clock).stage(www);
        out.printf("   staged %s: %d files, %d uploaded, %d already in the store%n", s.version(), s.files(),
                s.blobsUploaded(), s.files() - s.blobsUploaded());
    }

    private static String s0(Path www) {
        try {
            return io.otarelease.client.manifest.Manifest.parse(Files.readAllBytes(www.resolve("manifest.json"))).appId();
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read " + www.resolve("manifest.json"), e);
        }
    }

    private void promote(ReleaseContext ctx, FileStore staging, String version, int percent) {
        Promoter.Result p = new Promoter(ctx).promote(staging, version, new Percent(percent));
        out.printf("   %s at %d%%: sequence %d, %d files copied to production%n", version, percent, p.sequence(),
                p.blobsCopied());
        deviceView((FileStore) ctx.production(), ctx.trusted(), ctx.appId());
    }

    /** What 10,000 devices make of the pointer, each verifying it and computing its own bucket. */
    private void deviceView(FileStore production, TrustedKeys trusted, String appId) {
        StoreLayout layout = new StoreLayout(appId);
        ChannelPointer p;
        try {
            p = new ChannelVerifier(trusted, clock, appId, "production", 0).verify(
                    production.get(layout.channel("production")).orElseThrow().bytes(),
                    production.get(layout.channelSignature("production")).orElseThrow().bytes());
        } catch (VerificationException e) {
            throw new OtaException.CheckFailed("the published pointer does not verify: " + e.getMessage(), e);
        }
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
            String v = Rollout.choose(p, "install-" + i, "1.0.0");
            counts.merge(v == null ? "(none yet)" : v, 1, Integer::sum);
        }
        out.println("   10,000 devices verify the signed pointer and pick: " + counts);
    }

    private FileSigner key(String keyId) {
        Path pem = dir.resolve("keys/" + keyId + ".pem");
        AtomicFiles.write(pem, KeyGen.privateKeyPem(KeyGen.generate(Algorithm.ECDSA_SHA_256))
                .getBytes(StandardCharsets.US_ASCII), true);
        return FileSigner.load(pem, keyId, Algorithm.ECDSA_SHA_256);
    }

    private void step(String title) {
        out.println();
        out.println("==> " + title);
        out.flush();
    }
}
