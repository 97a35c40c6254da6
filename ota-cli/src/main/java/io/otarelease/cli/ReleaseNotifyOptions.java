package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.notify.Event;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyConfig;
import io.otarelease.core.notify.NotifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --notify-config} of {@code ota promote} and {@code ota rollback}: after the pointer changed, tell the
 * channels through {@link Notifier}. A notification that fails is printed and never changes the exit code: the
 * release or the rollback already happened, and the exit code says so.
 */
final class ReleaseNotifyOptions {
    @Option(names = "--notify-config", paramLabel = "FILE",
            description = "ota-notify/1 YAML: after the pointer changed, tell the channels routed for the event "
                + "(a failed notification is printed, never fatal).")
    Path notifyConfig;

    @Option(names = "--notify-note", paramLabel = "TEXT",
            description = "promote: the one-line change people read; rollback: the next step (defaults: generic "
                + "sentences).")
    String note;

    @Option(names = "--notify-eta", paramLabel = "TEXT",
            description = "promote: when the rollout should reach every device (default: after the canary windows).")
    String eta;

    /**
     * The notifier, or null without {@code --notify-config}. Loaded before the release changes anything, so a
     * broken file stops a promotion early ({@code strict}); a rollback never waits on it: the problem is printed
     * and the rollback goes on without notifications.
     */
    Notifier open(boolean strict, PrintWriter err, String command) {
        if (notifyConfig == null) {
            return null;
        }
        try {
            return new Notifier(NotifyConfig.load(notifyConfig, System.getenv()), Notifier.Sleeper.REAL);
        } catch (OtaException e) {
            if (strict) {
                throw e;
            }
            err.println("WARNING: ota " + command + ": no notifications: " + e.getMessage());
            return null;
        }
    }

    String note(String dflt) {
        return note == null || note.isBlank() ? dflt : note.strip();
    }

    String eta() {
        return eta == null || eta.isBlank() ? "after the canary windows of the rollout plan" : eta.strip();
    }

    /** Sends the event and prints each delivery; nothing here is thrown (a bad event field is printed too). */
    static void send(Notifier notifier, Supplier<Event> event, PrintWriter out, PrintWriter err, String command) {
        if (notifier == null) {
            return;
        }
        try {
            NotifyReport report = notifier.send(event.get());
            report.lines().forEach(l -> out.println("notified " + l));
            if (report.anyFailed()) {
                err.println("WARNING: ota " + command + ": a notification could not be delivered ("
                        + report.summary() + "); the " + command + " itself succeeded");
            }
        } catch (RuntimeException e) {
            err.println("WARNING: ota " + command + ": no notification sent: " + e.getMessage() + "; the "
                    + command + " itself succeeded");
        }
    }
}
