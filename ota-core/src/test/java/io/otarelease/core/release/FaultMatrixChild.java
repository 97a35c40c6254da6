package io.otarelease.core.release;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.S3Settings;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.Stores;
import io.otarelease.core.testing.ReleaseFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The promoting process {@link FaultMatrixTest} kills: promotes 2.0.0 on S3 and, at the write of the channel
 * pointer, says so on stdout and waits to be killed ({@code destroyForcibly}, SIGKILL on Linux). Credentials come
 * from the environment, as for {@code ota}. Args: S3 endpoint, run prefix, keys dir, clock instant.
 */
public final class FaultMatrixChild {
    static final String AT_POINTER_WRITE = "at-pointer-write";

    private FaultMatrixChild() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String run = args[1];
        Path keys = Path.of(args[2]);
        Clock clock = Clock.fixed(Instant.parse(args[3]), ZoneOffset.UTC);
        FileSigner release = FileSigner.load(keys.resolve("ota-release.pem"), "ota-release", Algorithm.ECDSA_SHA_256);
        FileSigner channel = FileSigner.load(keys.resolve("ota-channel.pem"), "ota-channel", Algorithm.ECDSA_SHA_256);
        TrustedKeys trusted = new TrustedKeys(List.of(release.trustedKey(), channel.trustedKey()));
        S3Settings settings = new S3Settings(endpoint, "us-east-1", true);
        Store staging = Stores.open("s3://acme-ota-staging/" + run, settings);
        Store prod = Stores.open("s3://acme-ota-prod/" + run, settings);
        Store waitsAtPointer = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
                new Class<?>[] {Store.class},
                (proxy, method, a) -> {
                    if (method.getName().startsWith("put") && a != null && a[0] instanceof String key
                            && key.endsWith("/channels/production.json")) {
                        System.out.println(AT_POINTER_WRITE);
                        System.out.flush();
                        Thread.sleep(120_000);
                    }
                    try {
                        return method.invoke(prod, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ReleaseContext ctx = new ReleaseContext(ReleaseFixture.APP, "production", waitsAtPointer,
                new StoreRegistry(waitsAtPointer, ReleaseFixture.APP), trusted, new SigningService(channel, clock),
                Cdn.NONE, clock, "fault-matrix", ReleaseContext.DEFAULT_VALIDITY);
        new Promoter(ctx).promote(staging, "2.0.0", new Percent(100));
        System.out.println("completed");
    }
}
