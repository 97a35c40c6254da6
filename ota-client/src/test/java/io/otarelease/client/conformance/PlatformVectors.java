package io.otarelease.client.conformance;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.TrustedKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code conformance/manifest-platforms.json}: a manifest's optional {@code platform} against the platform
 * the app declares. Its own keys, so it can be regenerated alone without touching the other signed files:
 * <pre>
 * java -cp ota-client/target/classes:ota-client/target/test-classes \
 *     io.otarelease.client.conformance.PlatformVectors conformance
 * </pre>
 */
public final class PlatformVectors {
    static final String FILE = "manifest-platforms.json";

    private PlatformVectors() {
    }

    public static void main(String[] args) throws Exception {
        GenerateVectors.write(Path.of(args.length > 0 ? args[0] : "conformance").resolve(FILE), cases());
    }

    static Map<String, Object> cases() {
        GenerateVectors.Key ec = GenerateVectors.ec("release-ec");
        List<ManifestFile> files = List.of(new ManifestFile("index.html", "1".repeat(64), 120),
                new ManifestFile("js/app.js", "2".repeat(64), 5000));
        Manifest android = Manifest.of(GenerateVectors.APP, "1.2.0", null, GenerateVectors.SIGNED_AT, files,
                Source.NONE, "android");
        Manifest ios = Manifest.of(GenerateVectors.APP, "1.2.0", null, GenerateVectors.SIGNED_AT, files,
                Source.NONE, "ios");
        Manifest every = Manifest.of(GenerateVectors.APP, "1.2.0", null, GenerateVectors.SIGNED_AT, files,
                Source.NONE);
        List<Object> cases = new ArrayList<>();
        cases.add(accepted(ec, "android-on-android", "a manifest for android on an android app", android, "android"));
        cases.add(accepted(ec, "ios-on-ios", "a manifest for ios on an ios app", ios, "ios"));
        cases.add(accepted(ec, "every-platform-on-ios", "no platform field: the bundle fits every app", every, "ios"));
        cases.add(accepted(ec, "every-platform-undeclared", "no platform field, an app that declares none", every,
                null));
        cases.add(refused(ec, "android-on-ios", "a validly signed manifest for android on an ios app",
                android.toCanonicalBytes(), "ios", "WRONG_PLATFORM"));
        cases.add(refused(ec, "ios-on-android", "a validly signed manifest for ios on an android app",
                ios.toCanonicalBytes(), "android", "WRONG_PLATFORM"));
        cases.add(refused(ec, "android-undeclared", "a manifest for android on an app that declares no platform",
                android.toCanonicalBytes(), null, "WRONG_PLATFORM"));
        Map<String, Object> unknown = every.toJson();
        unknown.put("platform", "windows");
        cases.add(refused(ec, "unknown-platform", "platform is not android or ios (validly signed)",
                GenerateVectors.canon(unknown), "android", "MALFORMED"));
        Map<String, Object> upper = every.toJson();
        upper.put("platform", "Android");
        cases.add(refused(ec, "platform-case", "platform values are lowercase (validly signed)",
                GenerateVectors.canon(upper), "android", "MALFORMED"));
        Map<String, Object> number = every.toJson();
        number.put("platform", 1L);
        cases.add(refused(ec, "platform-not-string", "platform is a number (validly signed)",
                GenerateVectors.canon(number), "android", "MALFORMED"));
        Map<String, Object> changed = android.toJson();
        changed.put("platform", "ios");
        Map<String, Object> swapped = GenerateVectors.refuse("platform-changed", "platform changed after signing",
                GenerateVectors.canon(changed), ec.envelope(android.toCanonicalBytes()), "BAD_SIGNATURE");
        swapped.put("devicePlatform", "ios");
        cases.add(swapped);
        return GenerateVectors.file("manifest-platform", "BundleVerifier.verifyManifest, then "
                + "BundleVerifier.checkPlatform with the case's devicePlatform (null: the app declares none)",
                new TrustedKeys(List.of(ec.trusted())), cases);
    }

    private static Map<String, Object> accepted(GenerateVectors.Key key, String id, String description, Manifest m,
                                                String devicePlatform) {
        byte[] bytes = m.toCanonicalBytes();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("version", m.version());
        result.put("platform", m.platform() == null ? "" : m.platform());
        Map<String, Object> c = GenerateVectors.accept(id, description, bytes, key.envelope(bytes), result);
        c.put("devicePlatform", devicePlatform);
        return c;
    }

    private static Map<String, Object> refused(GenerateVectors.Key key, String id, String description, byte[] doc,
                                               String devicePlatform, String reason) {
        Map<String, Object> c = GenerateVectors.refuse(id, description, doc, key.envelope(doc), reason);
        c.put("devicePlatform", devicePlatform);
        return c;
    }
}
