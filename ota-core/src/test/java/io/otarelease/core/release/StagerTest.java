package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagerTest {
    @TempDir
    Path tmp;
    ReleaseFixture fx;
    FileStore store;
    StoreLayout layout = new StoreLayout(ReleaseFixture.APP);

    @BeforeEach
    void setUp() {
        fx = new ReleaseFixture(tmp);
        store = new FileStore(tmp.resolve("staging"));
    }

    Stager stager() {
        return new Stager(store, new StoreRegistry(store, ReleaseFixture.APP), fx.trusted, fx.clock).parallelism(4);
    }

    @Test
    void uploadsBlobsThenTheReleaseThenAStagedEntry() {
        Stager.Result r = stager().stage(fx.bundle("1.0.0", ReleaseFixture.files(20, "1.0.0", 0)));
        assertThat(r.files()).isEqualTo(21);
        assertThat(r.blobsUploaded()).isEqualTo(21);
        assertThat(store.list(layout.blobsPrefix())).hasSize(21);
        assertThat(store.exists(layout.manifest("1.0.0"))).isTrue();
        assertThat(store.exists(layout.manifestSignature("1.0.0"))).isTrue();
        var entry = new StoreRegistry(store, ReleaseFixture.APP).read().find("1.0.0").orElseThrow();
        assertThat(entry.status()).isEqualTo(ReleaseStatus.STAGED);
        assertThat(entry.bundleHash()).isEqualTo(r.bundleHash());
    }

    @Test
    void uploadsOnlyTheBlobsTheStoreLacksAndReportsProgress() {
        stager().stage(fx.bundle("1.0.0", ReleaseFixture.files(50, "1.0.0", 3)));
        List<Integer> blobsDone = new ArrayList<>();
        Stager.Result r = stager().progress((b, bt, n, nt) -> blobsDone.add(n))
                .stage(fx.bundle("1.0.1", ReleaseFixture.files(50, "1.0.1", 3)));
        assertThat(r.blobsUploaded()).isEqualTo(4); // 3 changed files + index.html
        assertThat(blobsDone).contains(0, 4);
    }

    @Test
    void stagingTheSameBundleTwiceChangesNothing() throws Exception {
        Path b = fx.bundle("1.0.0");
        stager().stage(b);
        byte[] registry = Files.readAllBytes(store.root().resolve(layout.registry()));
        Stager.Result again = stager().stage(b);
        assertThat(again.alreadyStaged()).isTrue();
        assertThat(again.blobsUploaded()).isZero();
        assertThat(new StoreRegistry(store, ReleaseFixture.APP).read().releases()).hasSize(1);
        assertThat(Files.readAllBytes(store.root().resolve(layout.registry())))
                .as("only the revision moves").hasSizeBetween(registry.length - 2, registry.length + 2);
    }

    @Test
    void refusesADifferentBundleUnderAStagedVersion() throws Exception {
        stager().stage(fx.bundle("1.0.0"));
        byte[] before = Files.readAllBytes(store.root().resolve(layout.manifest("1.0.0")));
        assertThatThrownBy(() -> stager().stage(fx.bundle("1.0.0", Map.of("index.html", "other"))))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("version 1.0.0 is already staged").hasMessageContaining("new version");
        assertThat(Files.readAllBytes(store.root().resolve(layout.manifest("1.0.0")))).isEqualTo(before);
    }

    @Test
    void theSameFilesSignedAgainAreRefusedNamingWhatDiffers() throws Exception {
        stager().stage(fx.bundle("1.0.0"));
        byte[] before = Files.readAllBytes(store.root().resolve(layout.manifest("1.0.0")));
        fx.clock.advance(java.time.Duration.ofHours(1));
        Path resigned = fx.bundle("1.0.0"); // the same files, a manifest created an hour later
        assertThatThrownBy(() -> stager().stage(resigned)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("with the same files").hasMessageContaining("createdAt")
                .hasMessageNotContaining("a different bundle");
        assertThat(Files.readAllBytes(store.root().resolve(layout.manifest("1.0.0")))).isEqualTo(before);
    }

    @Test
    void refusesATamperedBundleBeforeUploadingAnything() throws Exception {
        Path b = fx.bundle("1.0.0");
        Files.writeString(b.resolve("index.html"), "<html>evil</html>\n");
        assertThatThrownBy(() -> stager().stage(b)).isInstanceOf(OtaException.CheckFailed.class)
                .hasMessageContaining("does not verify, nothing was staged").hasMessageContaining("index.html");
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void refusesABundleSignedByAnUntrustedKey() {
        ReleaseFixture other = new ReleaseFixture(tmp.resolve("other"));
        Path b = other.bundle("1.0.0");
        assertThatThrownBy(() -> stager().stage(b)).isInstanceOf(OtaException.CheckFailed.class)
                .hasMessageContaining("does not verify");
    }
}
