package io.otarelease.signer;

import io.otarelease.core.OtaException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar ota-signer.jar --config signer.yaml}: runs the signing server until the process is stopped
 * (SIGTERM/SIGINT); SIGHUP reloads the clients and revocations. {@code ota signer serve} does the same.
 */
public final class SignerMain {
    private SignerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: java -jar ota-signer.jar --config signer.yaml");
            System.exit(2);
        }
        try {
            serve(Path.of(args[1]), line -> {
                System.err.println("ota-signer: " + line);
                System.err.flush();
            });
        } catch (OtaException e) {
            System.err.println("ota-signer: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    /** Starts the server and blocks until the JVM shuts down. */
    public static void serve(Path config, java.util.function.Consumer<String> log) {
        ServerConfig settings = ServerConfig.load(config);
        SignerServer server = SignerServer.start(settings, System.getenv(), Clock.systemUTC(), log);
        if (server.reloadOnSighup()) {
            log.accept("SIGHUP reloads " + config);
        } else {
            long seconds = settings.reloadInterval().toSeconds();
            log.accept("reload on SIGHUP is unavailable: the process started with SIGHUP ignored (as under nohup) or "
                    + "the JVM keeps the signal; " + (seconds > 0 ? "changes to " + config + " are still picked up "
                    + "within reload.intervalSeconds (" + seconds + " s)" : "reload.intervalSeconds is 0, so "
                    + "changes to " + config + " need a restart (or set reload.intervalSeconds)"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ota-signer-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
