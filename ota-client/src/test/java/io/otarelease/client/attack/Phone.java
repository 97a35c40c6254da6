package io.otarelease.client.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.device.FileDeviceStorage;
import io.otarelease.client.device.HttpTransport;
import io.otarelease.client.device.Launcher;
import io.otarelease.client.device.Transport;
import io.otarelease.client.device.UpdateClient;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.verify.VerificationException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The code a phone runs, and nothing else: {@link UpdateClient} over the production {@link HttpTransport} with a
 * {@link FileDeviceStorage} in one directory, and the {@link Launcher} that blesses a staged bundle. Only the
 * network (a local server) and the clocks are the test's. {@link #restart()} is a new process on the same device.
 */
final class Phone {
    final URI appBase;
    final Path dir;
    DeviceConfig config;
    final TrustRoot shippedRoot;
    LongSupplier ticker = System::nanoTime;
    /** What the app sets on its transport beside the URL and limits (pins, TLS trust); none by default. */
    java.util.function.UnaryOperator<HttpTransport> transportSetup = t -> t;
    final List<VerificationException> refused = new CopyOnWriteArrayList<>();
    final List<String> downloadRefusals = new CopyOnWriteArrayList<>();
    final DeviceEvents events = new DeviceEvents() {
        @Override
        public void refused(String version, VerificationException e) {
            refused.add(e);
        }

        @Override
        public void downloadRefused(String version, String path, Transport.Refusal refusal, String detail) {
            downloadRefusals.add(refusal + " " + path);
        }
    };
    FileDeviceStorage storage;
    UpdateClient client;

    Phone(URI serverBase, Path dir, DeviceConfig config, TrustRoot shippedRoot) throws Exception {
        this.appBase = serverBase.resolve(Repo.APP + "/");
        this.dir = dir;
        this.config = config;
        this.shippedRoot = shippedRoot;
        restart();
    }

    /** A new process: new storage object, transport and client over the same directory. */
    Phone restart() throws Exception {
        storage = new FileDeviceStorage(dir, config.trusted());
        HttpTransport transport = transportSetup.apply(new HttpTransport(appBase, config.downloads(), ticker));
        client = shippedRoot == null ? new UpdateClient(config, transport, storage, events)
                : new UpdateClient(config, transport, storage, events, shippedRoot);
        return this;
    }

    /** Another configuration (limits, versions), as after an app update; a restart. */
    Phone reconfigure(DeviceConfig c) throws Exception {
        this.config = c;
        return restart();
    }

    UpdateResult check() throws Exception {
        return client.check();
    }

    /** Checks, and when a release was staged launches it and has its page call ready; returns what runs. */
    String checkAndRun() throws Exception {
        UpdateResult r = client.check();
        if (r.outcome() == UpdateResult.Outcome.STAGED) {
            Launcher launcher = new Launcher(config, storage, events);
            Launcher.Launch launch = launcher.launch();
            launcher.scriptStarted(launch.token());
            assertThat(launcher.ready(launch.token())).isEqualTo(Launcher.Ready.BLESSED);
        }
        return running();
    }

    String running() throws Exception {
        return storage.load().runningVersion();
    }

    Path runningDir() throws Exception {
        return storage.bundleDir(storage.load().current().bundleHash());
    }
}
