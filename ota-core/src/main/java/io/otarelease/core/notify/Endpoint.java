package io.otarelease.core.notify;

import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Where one channel's messages go: a transport and a webhook URL held as a {@link Secret} (a Slack incoming-webhook
 * URL is a bearer credential: whoever has it can post as us). The URL must be https; plain http is accepted only to
 * a loopback address (a local relay or a test), where nothing crosses a network. {@code toString} never shows it.
 */
public record Endpoint(Channel channel, Transport transport, Secret url) {
    /** How messages are encoded for the receiver. */
    public enum Transport {
        /** Slack incoming webhook: Block Kit JSON. */
        SLACK,
        /** Any receiver of JSON: {@code ota-notification/1}. */
        WEBHOOK;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Endpoint {
        checkUrl(url, "channels." + channel.label());
    }

    /** Refuses a URL that is not https (or http to loopback) without ever echoing it. */
    static void checkUrl(Secret url, String where) {
        String problem = null;
        try {
            URI u = new URI(url.revealString());
            String host = u.getHost();
            if (host == null || u.getScheme() == null) {
                problem = "is not an absolute http(s) URL";
            } else if (u.getScheme().equals("http")) {
                if (!isLoopback(host)) {
                    problem = "is plain http to a non-loopback host: use https (the URL is a credential)";
                }
            } else if (!u.getScheme().equals("https")) {
                problem = "is not an https URL";
            } else if (u.getRawUserInfo() != null) {
                problem = "carries a user name or password";
            }
        } catch (URISyntaxException e) {
            problem = "is not a URL";
        }
        if (problem != null) {
            throw new OtaException.BadInput(where + ": the webhook URL from " + url.origin() + " " + problem);
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // only literal addresses: resolving a name here would make the check depend on DNS
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Endpoint[" + channel.label() + ", " + transport.label() + ", " + url + "]";
    }
}
