package io.otarelease.core.notify;

import io.otarelease.core.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends an event to every channel its type is routed to. Each delivery is retried with exponential backoff on
 * network errors, 429 and 5xx (not on other 4xx: a revoked webhook stays revoked), and its outcome is returned in
 * the {@link NotifyReport}, never thrown: telling people about a rollback must never stop the rollback.
 *
 * <p>The webhook URL is revealed only to build the request. Failure details are made from the status code or the
 * exception's type, never from exception messages, which may quote the URL.
 */
public final class Notifier {
    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    private final NotifyConfig config;
    private final Sleeper sleeper;
    private final HttpClient http;

    public Notifier(NotifyConfig config, Sleeper sleeper) {
        this.config = config;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder().connectTimeout(config.retry().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public NotifyConfig config() {
        return config;
    }

    public NotifyReport send(Event event) {
        List<Delivery> out = new ArrayList<>();
        for (Channel ch : config.routes().getOrDefault(event.type(), List.of())) {
            Endpoint ep = config.endpoints().get(ch);
            if (ep == null) {
                out.add(new Delivery(ch, Delivery.Outcome.SKIPPED, 0, "no endpoint configured for this channel", null));
                continue;
            }
            byte[] body = ep.transport() == Endpoint.Transport.SLACK ? MessageFormats.slack(event)
                    : MessageFormats.webhook(event, ch);
            out.add(deliver(ep, body));
        }
        return new NotifyReport(event, out);
    }

    private Delivery deliver(Endpoint ep, byte[] body) {
        NotifyConfig.Retry retry = config.retry();
        String last = "not attempted";
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                try {
                    sleeper.sleep(retry.delayBefore(attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Delivery(ep.channel(), Delivery.Outcome.FAILED, attempt - 1, last + "; interrupted", body);
                }
            }
            try {
                int status = post(ep.url(), body, retry.timeout());
                if (status / 100 == 2) {
                    return new Delivery(ep.channel(), Delivery.Outcome.DELIVERED, attempt, "via "
                            + ep.transport().label() + (attempt > 1 ? " (attempt " + attempt + ")" : ""), body);
                }
                last = "HTTP " + status;
                if (status / 100 == 4 && status != 429 && status != 408) {
                    return new Delivery(ep.channel(), Delivery.Outcome.FAILED, attempt, last
                            + " (the receiver refused the message; check the webhook in " + ep.url().origin() + ")", body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery(ep.channel(), Delivery.Outcome.FAILED, attempt, "interrupted", body);
            } catch (IOException | IllegalArgumentException e) {
                last = describe(e);
            }
        }
        return new Delivery(ep.channel(), Delivery.Outcome.FAILED, retry.attempts(), last + " after "
                + retry.attempts() + " attempt" + (retry.attempts() == 1 ? "" : "s"), body);
    }

    private int post(Secret url, byte[] body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.revealString())).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The kind of failure, from the exception's type alone (its message may quote the URL). */
    static String describe(Exception e) {
        if (e instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS handshake failed";
        }
        return "network error (" + e.getClass().getSimpleName() + ")";
    }
}
