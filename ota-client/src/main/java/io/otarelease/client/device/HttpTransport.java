package io.otarelease.client.device;

import io.otarelease.client.bytes.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@link Transport} over HTTP(S) with {@link HttpURLConnection} (present on Android, unlike java.net.http).
 * Redirects are not followed (a CDN that redirects elsewhere is misconfigured or hijacked), every connection has a
 * connect and a read timeout, and a body larger than asked for is refused while it is read, whatever
 * Content-Length claimed. Integrity comes from signatures and hashes, never from the transport.
 */
public final class HttpTransport implements Transport {
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final URI base;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;

    /**
     * @param appBase the app's root on the CDN, e.g. {@code https://cdn.example.com/ota/com.example.shop/}
     */
    public HttpTransport(URI appBase, Duration connectTimeout, Duration readTimeout) {
        String scheme = appBase.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("CDN URL " + appBase + " must be http:// or https://");
        }
        String s = appBase.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.connectTimeoutMs = (int) connectTimeout.toMillis();
        this.readTimeoutMs = (int) readTimeout.toMillis();
    }

    public URI base() {
        return base;
    }

    @Override
    public Response get(String path, String ifNoneMatch, long maxBytes) throws IOException {
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
            throw new IOException("refusing to fetch unsafe path \"" + path + "\"");
        }
        URL url = base.resolve(path).toURL();
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(connectTimeoutMs);
        c.setReadTimeout(readTimeoutMs);
        c.setUseCaches(false);
        if (ifNoneMatch != null) {
            c.setRequestProperty("If-None-Match", ifNoneMatch);
        }
        int status;
        try {
            status = c.getResponseCode();
        } catch (IOException e) {
            c.disconnect();
            throw new IOException(url + ": " + e.getMessage(), e);
        }
        String etag = c.getHeaderField("ETag");
        if (status == 304 && ifNoneMatch != null) {
            drain(c);
            return new Response(null, etag, true);
        }
        if (status == 404) {
            drain(c);
            throw new NotFoundException(url + " is not on the CDN (404)");
        }
        if (status != 200) {
            drain(c);
            throw new IOException(url + " answered HTTP " + status);
        }
        long declared = c.getContentLengthLong();
        if (declared > maxBytes) {
            c.disconnect();
            throw new IOException(url + " is " + declared + " bytes, more than the limit of " + maxBytes);
        }
        try (InputStream in = c.getInputStream()) {
            byte[] body = Bytes.readAtMost(in, (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw new IOException(url + " sent more than the limit of " + maxBytes + " bytes");
            }
            return new Response(body, etag, false);
        }
    }

    /** Reads what is left of an error body (bounded) so the connection can be reused. */
    private static void drain(HttpURLConnection c) {
        try (InputStream in = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                Bytes.readAtMost(in, 64 * 1024);
            }
        } catch (IOException ignored) {
            c.disconnect(); // nothing useful to read; the connection is not reused
        }
    }
}
