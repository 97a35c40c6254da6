package io.otarelease.cli;

import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.KeyDelegation;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.Store;
import io.otarelease.core.trust.TrustDirectory;
import io.otarelease.core.trust.TrustPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ota keys init|rotate|revoke|sign}: the trust documents of docs/security.md, each new version signed with
 * one root key (the signer options), co-signed by the other root holders with {@code ota keys sign}.
 */
final class TrustCommands {
    private TrustCommands() {
    }

    /** What every trust command shares: the folder, the root key that signs, and how it reports. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SignerOptions signerOptions;

        @Option(names = "--trust-dir", required = true, paramLabel = "DIR",
                description = "The trust folder (root/<N>.json|.sig, keys.json|.sig), published to <appId>/trust/.")
        Path trustDir;

        @Override
        public Integer call() {
            try (Signer signer = signerOptions.open(spec.commandLine().getErr())) {
                TrustDirectory trust = new TrustDirectory(trustDir, Clock.systemUTC());
                run(trust, new SigningService(signer, Clock.systemUTC()), spec.commandLine().getOut());
                return 0;
            }
        }

        abstract void run(TrustDirectory trust, SigningService signing, PrintWriter out);

        void report(TrustDirectory trust, String document, PrintWriter out) {
            String missing = trust.missingSignatures(document);
            out.printf("%s: %s%n", trustDir.resolve(document), missing == null
                    ? "signed by enough root keys; publish the folder to <appId>/trust/ in the store"
                    : "still " + missing + " (ota keys sign " + document + " --trust-dir " + trustDir + " ...)");
        }
    }

    static TrustedKeys keysFile(Path file) {
        TrustedKeys keys = TrustedKeysFiles.read(file);
        if (keys.keys().isEmpty()) {
            throw new OtaException.BadInput(file + " holds no key");
        }
        return keys;
    }

    static Duration days(int days, String option) {
        if (days < 1 || days > 3660) {
            throw new OtaException.BadInput(option + " must be between 1 and 3660 days but is " + days);
        }
        return Duration.ofDays(days);
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Start key delegation: write root/1.json (the root keys, of which --threshold must sign) "
                + "and keys.json version 1 (the release and channel keys), each signed by this root key.",
                "The app ships root/1.json instead of (or beside) trusted-keys.json. Example:",
                "  ota keys init --trust-dir trust --app-id com.example.shop --root-keys roots.json --threshold 2 "
                    + "--release-keys release.json --channel-keys channel.json --signer pkcs11 ... --key-id root-1"})
    static final class Init extends Base {
        @Option(names = "--app-id", required = true, paramLabel = "ID")
        String appId;

        @Option(names = "--root-keys", required = true, paramLabel = "FILE",
                description = "trusted-keys.json format: the root public keys (ota keys export writes it).")
        Path rootKeys;

        @Option(names = "--threshold", required = true, paramLabel = "K", description = "Root signatures needed.")
        int threshold;

        @Option(names = "--release-keys", required = true, paramLabel = "FILE",
                description = "The keys that sign manifests.")
        Path releaseKeys;

        @Option(names = "--channel-keys", required = true, paramLabel = "FILE",
                description = "The keys that sign channel pointers.")
        Path channelKeys;

        @Option(names = "--root-valid-days", defaultValue = "365", paramLabel = "DAYS")
        int rootDays;

        @Option(names = "--valid-days", defaultValue = "90", paramLabel = "DAYS",
                description = "Validity of keys.json (default ${DEFAULT-VALUE}); re-sign it before then.")
        int days;

        @Override
        void run(TrustDirectory trust, SigningService signing, PrintWriter out) {
            trust.init(appId, keysFile(rootKeys), threshold, keysFile(releaseKeys), keysFile(channelKeys),
                    days(rootDays, "--root-valid-days"), days(days, "--valid-days"), signing);
            out.printf("wrote root version 1 (%d of %d root keys) and key delegation version 1 for %s%n", threshold,
                    keysFile(rootKeys).keys().size(), appId);
            report(trust, TrustRoot.fileName(1), out);
            report(trust, KeyDelegation.FILE_NAME, out);
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Write the next keys.json delegating new keys to the release or channel role, or the next "
                + "root version (--role root), signed by this root key.",
                "Devices take it on their next refresh: no new app binary. Examples:",
                "  ota keys rotate --trust-dir trust --role release --new-keys release-2027.json --keep-old ...",
                "  ota keys rotate --trust-dir trust --role root --new-keys roots-2027.json --threshold 2 ..."})
    static final class Rotate extends Base {
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "release, channel or root.")
        String role;

        @Option(names = "--new-keys", required = true, paramLabel = "FILE",
                description = "trusted-keys.json format: the keys to delegate (root: the whole new root key set).")
        Path newKeys;

        @Option(names = "--keep-old", description = "release/channel: keep the current keys beside the new ones "
                + "(an overlap while releases signed by them are served); revoke them later.")
        boolean keepOld;

        @Option(names = "--threshold", paramLabel = "K", description = "root: signatures the new root needs.")
        Integer threshold;

        @Option(names = "--valid-days", paramLabel = "DAYS", description = "Default 90 (keys.json), 365 (root).")
        Integer days;

        @Override
        void run(TrustDirectory trust, SigningService signing, PrintWriter out) {
            TrustedKeys keys = keysFile(newKeys);
            String ids = keys.keys().stream().map(TrustedKey::keyId).toList().toString();
            switch (role) {
                case "root" -> {
                    if (threshold == null) {
                        throw new OtaException.BadInput("--role root needs --threshold");
                    }
                    TrustRoot r = trust.rotateRoot(keys, threshold, days(days == null ? 365 : days, "--valid-days"),
                            signing);
                    out.printf("wrote root version %d: %d of %s%n", r.version(), threshold, ids);
                    report(trust, TrustRoot.fileName(r.version()), out);
                }
                case "release", "channel" -> {
                    TrustDirectory.Role r = role.equals("release") ? TrustDirectory.Role.RELEASE
                            : TrustDirectory.Role.CHANNEL;
                    KeyDelegation d = trust.rotate(r, keys, keepOld, days(days == null ? 90 : days, "--valid-days"),
                            signing);
                    out.printf("wrote key delegation version %d: release %s, channel %s%n", d.version(),
                            d.release().keys().stream().map(TrustedKey::keyId).toList(),
                            d.channel().keys().stream().map(TrustedKey::keyId).toList());
                    report(trust, KeyDelegation.FILE_NAME, out);
                }
                default -> throw new OtaException.BadInput("--role must be release, channel or root but is " + role);
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Write the next keys.json without KEY_ID in any role and with it listed as revoked, signed "
                + "by this root key. Once devices refresh, whatever KEY_ID signs is refused, and the older keys.json "
                + "that trusted it is refused as a rollback.",
                "  ota keys revoke ota-2026-a --trust-dir trust --signer pkcs11 ... --key-id root-1"})
    static final class Revoke extends Base {
        @Parameters(paramLabel = "KEY_ID", description = "The release or channel key id to revoke.")
        String revokedKey;

        @Option(names = "--valid-days", defaultValue = "90", paramLabel = "DAYS")
        int days;

        @Override
        void run(TrustDirectory trust, SigningService signing, PrintWriter out) {
            KeyDelegation d = trust.revoke(revokedKey, days(days, "--valid-days"), signing);
            out.printf("wrote key delegation version %d: %s revoked%n", d.version(), revokedKey);
            report(trust, KeyDelegation.FILE_NAME, out);
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = {"Add this root key's signature to a trust document (keys.json or root/<N>.json).",
                "  ota keys sign keys.json --trust-dir trust --signer pkcs11 ... --key-id root-2"})
    static final class Sign extends Base {
        @Parameters(paramLabel = "DOCUMENT", description = "keys.json or root/<N>.json, relative to --trust-dir.")
        String document;

        @Override
        void run(TrustDirectory trust, SigningService signing, PrintWriter out) {
            trust.sign(document, signing);
            out.printf("signed %s with %s%n", trustDir.resolve(document), signing.signer().keyId());
            report(trust, document, out);
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Copy the trust folder to <appId>/trust/ in a store, where devices read it: only documents "
                + "signed by their threshold, root versions first, keys.json last.",
                "  ota keys publish --trust-dir trust --store s3://releases/prod"})
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--trust-dir", required = true, paramLabel = "DIR")
        Path trustDir;

        @Option(names = "--store", required = true, paramLabel = "URL", description = "file:///path or s3://bucket/prefix.")
        String storeUrl;

        @Mixin
        StoreOptions storeOptions;

        @Override
        public Integer call() {
            try (Store store = storeOptions.open(storeUrl)) {
                List<String> written = TrustPublisher.publish(new TrustDirectory(trustDir, Clock.systemUTC()), store);
                PrintWriter out = spec.commandLine().getOut();
                if (written.isEmpty()) {
                    out.printf("%s already has every trust document of %s%n", store.url(), trustDir);
                }
                written.forEach(k -> out.printf("published %s in %s%n", k, store.url()));
                return 0;
            }
        }
    }
}
