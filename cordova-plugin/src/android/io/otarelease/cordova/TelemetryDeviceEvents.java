package io.otarelease.cordova;

import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.device.Transport;
import io.otarelease.client.verify.VerificationException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Locale;
import org.apache.cordova.LOG;

/**
 * What the device client reports, recorded as telemetry ({@code download}, {@code refused}; a download's end also
 * starts the {@code install} clock). {@link #withPage} hands the page's event channel the same calls.
 */
final class TelemetryDeviceEvents implements DeviceEvents {
    private static final String TAG = "OtaTelemetry";
    private final Telemetry telemetry;

    TelemetryDeviceEvents(Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    /**
     * One sink for ota-client that calls the page's channel, then telemetry, with every {@link DeviceEvents} method:
     * also one added to the interface later, which a hand-written tee would silently swallow.
     */
    static DeviceEvents withPage(DeviceEvents page, Telemetry telemetry) {
        DeviceEvents[] sinks = {page, new TelemetryDeviceEvents(telemetry)};
        return (DeviceEvents) Proxy.newProxyInstance(DeviceEvents.class.getClassLoader(),
                new Class<?>[] {DeviceEvents.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        switch (method.getName()) {
                            case "equals":
                                return proxy == args[0];
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            default:
                                return "DeviceEvents(page, telemetry)";
                        }
                    }
                    for (DeviceEvents sink : sinks) {
                        try {
                            method.invoke(sink, args);
                        } catch (InvocationTargetException | IllegalAccessException e) {
                            LOG.e(TAG, method.getName() + ": " + e); // a sink must not throw; the next still hears
                        }
                    }
                    return null;
                });
    }

    @Override
    public void refused(String version, VerificationException e) {
        telemetry.refused(version, reason(e.reason()));
    }

    @Override
    public void downloadRefused(String version, String path, Transport.Refusal refusal, String detail) {
        telemetry.refused(version, reason(refusal));
    }

    @Override
    public void downloaded(String version, boolean success, long bytes, Duration took) {
        telemetry.downloaded(version, success, bytes, took);
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
