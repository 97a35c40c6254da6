package io.otarelease.cli;

import io.otarelease.core.OtaException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;

/** What the commands that run a server in the foreground share ({@code ota serve}, {@code ota collector}). */
final class Foreground {
    private Foreground() {
    }

    /** {@code --bind}: an address of this machine. */
    static InetAddress address(String bind) {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new OtaException.BadInput("--bind \"" + bind + "\" is not an address of this machine");
        }
    }

    /** {@code --threads}, checked before anything is opened. */
    static void checkThreads(int threads) {
        if (threads < 1 || threads > 256) {
            throw new OtaException.BadInput("--threads must be between 1 and 256");
        }
    }

    /** Says the server is up ({@code started}, one line) and waits until the process is stopped (Ctrl-C). */
    static void untilStopped(PrintWriter out, String started) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        out.println(started);
        out.flush();
        stopped.await();
    }
}
