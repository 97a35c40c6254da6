package io.otarelease.core.notify;

/**
 * What became of one message to one channel. {@code detail} never holds the webhook URL: it says "HTTP 500",
 * "connection refused" or "no endpoint configured".
 */
public record Delivery(Channel channel, Outcome outcome, int attempts, String detail, byte[] body) {
    /** DELIVERED: the receiver answered 2xx. FAILED: it did not, after every attempt. SKIPPED: no endpoint for it. */
    public enum Outcome {
        DELIVERED, FAILED, SKIPPED
    }

    public String line() {
        return String.format("%-11s %-9s %s", channel.label(), outcome.name().toLowerCase(java.util.Locale.ROOT),
                detail);
    }
}
