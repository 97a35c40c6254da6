package io.otarelease.core.testing;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Rollback;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.S3Settings;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.Stores;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark helper (bench/release-bench.sh, not a test): N rollbacks in one warm JVM, alternating between two
 * releases, printing the store-operation time of each. Separates the engine's work from JVM and SDK start-up.
 * Arguments: ENDPOINT STORE_URL APP_ID TRUSTED_KEYS CHANNEL_PEM KEY_ID VERSION_A VERSION_B N
 */
public final class RollbackBench {
    private RollbackBench() {
    }

    public static void main(String[] a) throws Exception {
        Store prod = Stores.open(a[1], new S3Settings(URI.create(a[0]), "us-east-1", true));
        TrustedKeys trusted = TrustedKeys.parse(Files.readAllBytes(Path.of(a[3])), a[3]);
        FileSigner signer = FileSigner.load(Path.of(a[4]), a[5], Algorithm.ECDSA_SHA_256);
        ReleaseContext ctx = new ReleaseContext(a[2], "production", prod, new StoreRegistry(prod, a[2]), trusted,
                new SigningService(signer, Clock.systemUTC()), Cdn.NONE, Clock.systemUTC(), "bench",
                ReleaseContext.DEFAULT_VALIDITY);
        int n = Integer.parseInt(a[8]);
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String target = i % 2 == 0 ? a[6] : a[7];
            long t = new Rollback(ctx).force(true).rollback(target, "warm bench " + i).storeElapsed().toMillis();
            System.out.println("warm-rollback " + target + " " + t);
            ms.add(t);
        }
        ms.sort(null);
        System.out.println("warm-rollback-median-ms " + ms.get(ms.size() / 2));
    }
}
