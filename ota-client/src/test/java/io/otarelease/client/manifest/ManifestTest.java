package io.otarelease.client.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestTest {
    private static final String H1 = "a".repeat(64);
    private static final String H2 = "b".repeat(64);

    @Test
    void filesAreSortedByUtf8BytesNotByUtf16() {
        // U+FF21 (3 UTF-8 bytes EF BC A1) sorts after U+10000 (4 bytes F0 ...) in UTF-8 but before it in UTF-16.
        Manifest m = Manifest.of("com.example.shop", "1.0.0", null, "2026-03-29T14:00:00Z",
                List.of(new ManifestFile("\ud800\udc00.js", H1, 1), new ManifestFile("\uff21.js", H2, 2),
                        new ManifestFile("B.js", H1, 3)), Source.NONE);
        assertThat(m.files()).extracting(ManifestFile::path).containsExactly("B.js", "\uff21.js", "\ud800\udc00.js");
    }

    @Test
    void roundTripsThroughCanonicalBytes() {
        Manifest m = Manifest.of("com.example.shop", "3.4.1", "3.0.0", "2026-03-29T14:00:00Z",
                List.of(new ManifestFile("index.html", H1, 10), new ManifestFile("js/app.js", H2, 0)),
                new Source("abc", "ota/v3.4.1", "https://ci/job/1/"));
        byte[] bytes = m.toCanonicalBytes();
        assertThat(Manifest.parse(bytes)).isEqualTo(m);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .startsWith("{\"appId\":\"com.example.shop\",\"bundleHash\":\"sha256:")
                .doesNotContain(" ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "/abs.js", "a//b.js", "a/./b.js", "a/../b.js", "C:x.js", "a\\b.js",
        "nul\u0000.js", "line\nbreak.js", "e\u0301.js", "", "manifest.json"})
    void refusesUnsafePathsInAManifest(String path) {
        assertThatThrownBy(() -> Manifest.parse(manifestWith(List.of(path))))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("files[0].path");
    }

    @Test
    void refusesDuplicateUnsortedAndCaseCollidingPaths() {
        assertThatThrownBy(() -> Manifest.parse(manifestWith(List.of("a.js", "a.js")))).hasMessageContaining("twice");
        assertThatThrownBy(() -> Manifest.parse(manifestWith(List.of("b.js", "a.js"))))
                .hasMessageContaining("not in sorted order");
        assertThatThrownBy(() -> Manifest.parse(manifestWith(List.of("A.js", "a.js"))))
                .hasMessageContaining("collides with \"A.js\"");
    }

    @Test
    void refusesABundleHashThatDoesNotMatchTheFiles() {
        String text = new String(manifestWith(List.of("a.js")), StandardCharsets.UTF_8)
                .replaceFirst("sha256:[0-9a-f]{64}", "sha256:" + "0".repeat(64));
        assertThatThrownBy(() -> Manifest.parse(text.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("bundleHash does not match");
    }

    @Test
    void refusesWrongSchemaAndBadVersion() {
        String ok = new String(manifestWith(List.of("a.js")), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Manifest.parse(ok.replace("ota-manifest/1", "ota-manifest/2").getBytes()))
                .hasMessage("manifest.json: schema must be \"ota-manifest/1\" but is \"ota-manifest/2\"");
        assertThatThrownBy(() -> Manifest.parse(ok.replace("\"1.0.0\"", "\"latest\"").getBytes()))
                .hasMessageContaining("version is not a version");
    }

    /** A manifest listing {@code paths} as given (unsorted, unsafe...) with a correct bundleHash over them. */
    private static byte[] manifestWith(List<String> paths) {
        List<ManifestFile> files = new ArrayList<>();
        List<Object> json = new ArrayList<>();
        for (String p : paths) {
            files.add(new ManifestFile(p, H1, 1));
            json.add(Map.of("path", p, "sha256", H1, "size", 1L));
        }
        return CanonicalJson.bytes(Map.of("schema", "ota-manifest/1", "appId", "com.example.shop", "version", "1.0.0",
                "createdAt", "2026-03-29T14:00:00Z", "bundleHash", Manifest.bundleHash(files), "files", json));
    }
}
