package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.otarelease.client.json.JsonFields;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openssl, an independent checker, verifies the published pointer over its exact bytes as DESIGN.md says. */
class PointerOpenSslTest {
    @Test
    void opensslVerifiesThePublishedChannelPointer(@TempDir Path tmp) throws Exception {
        boolean haveOpenssl = Files.isExecutable(Path.of("/usr/bin/openssl"));
        if (Boolean.getBoolean("ota.requireRealParts")) {
            assertThat(haveOpenssl).as("openssl is required in CI").isTrue();
        }
        assumeTrue(haveOpenssl, "openssl not installed");
        ReleaseFixture fx = new ReleaseFixture(tmp);
        FileStore staging = new FileStore(tmp.resolve("staging"));
        FileStore prod = new FileStore(tmp.resolve("prod"));
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(fx.bundle("1.0.0"));
        new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(5));
        StoreLayout layout = new StoreLayout(ReleaseFixture.APP);
        Path json = prod.root().resolve(layout.channel("production"));
        String sig = JsonFields.parse(Files.readAllBytes(prod.root().resolve(layout.channelSignature("production"))),
                "production.sig").string("signature");
        Path sigBin = Files.write(tmp.resolve("sig.bin"), Base64.getDecoder().decode(sig));
        Path pub = Files.writeString(tmp.resolve("pub.pem"), KeyGen.publicKeyPem(
                new java.security.KeyPair(fx.channelSigner.publicKey(), null)));
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", pub.toString(), "-signature",
                sigBin.toString(), json.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("Verified OK");
        // one byte changed and openssl refuses it too
        Files.writeString(json, Files.readString(json).replace("\"percent\":5", "\"percent\":9"));
        Process q = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", pub.toString(), "-signature",
                sigBin.toString(), json.toString()).redirectErrorStream(true).start();
        q.getInputStream().readAllBytes();
        assertThat(q.waitFor()).isNotZero();
    }
}
