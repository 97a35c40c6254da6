package io.otarelease.cordova;

import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.device.DeviceState;
import io.otarelease.client.device.Transport;
import io.otarelease.client.verify.VerificationException;
import java.time.Duration;
import java.util.Locale;

/**
 * What the device client reports, passed on to the page's event channel unchanged and recorded as telemetry
 * ({@code download}, {@code refused}; the download's end also starts the {@code install} clock).
 */
final class TelemetryDeviceEvents implements DeviceEvents {
    private final DeviceEvents page;
    private final Telemetry telemetry;

    TelemetryDeviceEvents(DeviceEvents page, Telemetry telemetry) {
        this.page = page;
        this.telemetry = telemetry;
    }

    @Override
    public void refused(String version, VerificationException e) {
        page.refused(version, e);
        telemetry.refused(version, reason(e.reason()));
    }

    @Override
    public void downloadRefused(String version, String path, Transport.Refusal refusal, String detail) {
        page.downloadRefused(version, path, refusal, detail);
        telemetry.refused(version, reason(refusal));
    }

    @Override
    public void downloaded(String version, boolean success, long bytes, Duration took) {
        page.downloaded(version, success, bytes, took);
        telemetry.downloaded(version, success, bytes, took);
    }

    @Override
    public void installed(String version, Duration took) {
        page.installed(version, took);
    }

    @Override
    public void blessed(String version) {
        page.blessed(version);
    }

    @Override
    public void reverted(DeviceState.Revert revert) {
        page.reverted(revert);
    }

    /** A short, bounded reason (the collector's label values are bounded; never the message, which names paths). */
    static String reason(VerificationException.Reason r) {
        switch (r) {
            case BAD_SIGNATURE:
            case UNKNOWN_KEY:
            case WRONG_ALGORITHM:
                return "signature";
            case FILE_CHANGED:
                return "hash";
            case EXPIRED:
                return "expired";
            case ROLLBACK:
                return "rollback";
            case TOO_LARGE:
                return "size";
            default:
                return r.name().toLowerCase(Locale.ROOT); // malformed, mismatch, file_missing, wrong_platform, ...
        }
    }

    static String reason(Transport.Refusal r) {
        switch (r) {
            case TOO_LARGE:
            case TOO_MUCH_DATA:
                return "size";
            default:
                return r.name().toLowerCase(Locale.ROOT); // truncated, too_slow, deadline
        }
    }
}
