package io.otarelease.client.device;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Readiness: a new bundle becomes current only when the page it launched proves it started.
 *
 * <p>Each {@link #launch()} makes a fresh random token and hands it to the page it starts (the native shell injects
 * it into that page alone). A bundle on trial is blessed only by {@link #ready(String)} with <em>its</em> launch's
 * token, so a late call from the old page, which holds the old token, cannot bless the new bundle. The timeout counts
 * from {@link #scriptStarted(String)} — when the new page's script begins — not from the download, so a slow
 * download or a slow native start does not eat into it. A trial reverts when:
 * <ul>
 * <li>no valid ready call arrives within the timeout ({@link #checkTimeout()}, called by the shell's timer),</li>
 * <li>the shell reports the page failed ({@link #launchFailed}),</li>
 * <li>the app is launched again while the trial is still unconfirmed (the previous run died before ready).</li>
 * </ul>
 * A revert keeps the previous bundle as current (it never stopped being so), blocks the failed content by its
 * bundleHash and records the reason for the app to report. Thread-safe.
 */
public final class Launcher {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the shell loads, with the token it gives that page alone. {@code bundle} null: the built-in bundle. */
    public record Launch(DeviceState.Installed bundle, String token, boolean trial) {
    }

    /** The answer to a ready call. */
    public enum Ready {
        /** The trial bundle is now current. */
        BLESSED,
        /** The page runs the current bundle; nothing to confirm. */
        ALREADY_CURRENT,
        /** The token is not the one of the launch on trial (a late call from an old page): ignored. */
        WRONG_TOKEN,
        /** The call came after the timeout: the trial has been reverted. */
        TOO_LATE
    }

    private final DeviceConfig config;
    private final DeviceStorage storage;
    private final DeviceEvents events;
    private String currentToken;

    public Launcher(DeviceConfig config, DeviceStorage storage, DeviceEvents events) {
        this.config = config;
        this.storage = storage;
        this.events = events;
    }

    /** Called when the app starts its web view: which bundle to load, and the token for its page. */
    public Launch launch() throws IOException {
        synchronized (storage) {
            DeviceState s = storage.load();
            if (s.trial() != null) {
                s = revert(s, "the app stopped before the page called ready (crash or kill during the trial launch)");
            }
            String token = newToken();
            currentToken = token;
            if (s.pending() != null) {
                DeviceState.Installed next = s.pending();
                storage.save(s.withPending(null).withTrial(new DeviceState.Trial(next, token, null)));
                return new Launch(next, token, true);
            }
            storage.save(s);
            return new Launch(s.current(), token, false);
        }
    }

    /** The launched page's script began: the ready timeout starts now. Calls with another token are ignored. */
    public void scriptStarted(String token) throws IOException {
        synchronized (storage) {
            DeviceState s = storage.load();
            if (s.trial() != null && s.trial().token().equals(token) && s.trial().scriptStartedAt() == null) {
                storage.save(s.withTrial(s.trial().withScriptStarted(config.clock().instant())));
            }
        }
    }

    /** The page says it is ready. Only the trial launch's own token, within the timeout, blesses the bundle. */
    public Ready ready(String token) throws IOException {
        synchronized (storage) {
            DeviceState s = storage.load();
            DeviceState.Trial t = s.trial();
            if (t == null || !t.token().equals(token)) {
                return t == null && token != null && token.equals(currentToken) ? Ready.ALREADY_CURRENT : Ready.WRONG_TOKEN;
            }
            Instant now = config.clock().instant();
            Instant started = t.scriptStartedAt() == null ? now : t.scriptStartedAt();
            if (now.isAfter(started.plus(config.readyTimeout()))) {
                storage.save(revert(s, timeoutReason()));
                return Ready.TOO_LATE;
            }
            storage.save(s.bless());
            events.blessed(t.bundle().version());
            return Ready.BLESSED;
        }
    }

    /** The shell saw the trial page fail (load error, renderer crash). Another launch's token is ignored. */
    public Optional<DeviceState.Revert> launchFailed(String token, String reason) throws IOException {
        synchronized (storage) {
            DeviceState s = storage.load();
            if (s.trial() == null || !s.trial().token().equals(token)) {
                return Optional.empty();
            }
            DeviceState after = revert(s, "the page failed to start: " + reason);
            storage.save(after);
            return Optional.of(after.reverts().get(after.reverts().size() - 1));
        }
    }

    /**
     * The shell's timer: reverts a trial whose page started its script more than the timeout ago without a valid
     * ready call. Returns the revert so the shell reloads the previous bundle.
     */
    public Optional<DeviceState.Revert> checkTimeout() throws IOException {
        synchronized (storage) {
            DeviceState s = storage.load();
            DeviceState.Trial t = s.trial();
            if (t == null || t.scriptStartedAt() == null
                    || !config.clock().instant().isAfter(t.scriptStartedAt().plus(config.readyTimeout()))) {
                return Optional.empty();
            }
            DeviceState after = revert(s, timeoutReason());
            storage.save(after);
            return Optional.of(after.reverts().get(after.reverts().size() - 1));
        }
    }

    private String timeoutReason() {
        return "no ready call within " + config.readyTimeout().toMillis() + " ms of the page's script start";
    }

    private DeviceState revert(DeviceState s, String reason) {
        DeviceState.Installed b = s.trial().bundle();
        DeviceState.Revert r = new DeviceState.Revert(b.version(), b.bundleHash(), reason, config.clock().instant());
        events.reverted(r);
        return s.revert(r);
    }

    private static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
