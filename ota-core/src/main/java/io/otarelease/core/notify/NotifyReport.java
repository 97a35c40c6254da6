package io.otarelease.core.notify;

import java.util.List;

/** The deliveries of one event, channel by channel. A failed delivery is reported here, never thrown. */
public record NotifyReport(Event event, List<Delivery> deliveries) {
    public NotifyReport {
        deliveries = List.copyOf(deliveries);
    }

    public boolean anyFailed() {
        return deliveries.stream().anyMatch(d -> d.outcome() == Delivery.Outcome.FAILED);
    }

    public List<String> lines() {
        return deliveries.stream().map(Delivery::line).toList();
    }

    /** One line for a timeline or a log: "engineering delivered, incidents FAILED (HTTP 500 after 4 attempts)". */
    public String summary() {
        if (deliveries.isEmpty()) {
            return "no channel routed for " + event.type().label();
        }
        return String.join(", ", deliveries.stream().map(d -> d.channel().label() + " "
                + (d.outcome() == Delivery.Outcome.FAILED ? "FAILED (" + d.detail() + ")"
                : d.outcome().name().toLowerCase(java.util.Locale.ROOT))).toList());
    }
}
