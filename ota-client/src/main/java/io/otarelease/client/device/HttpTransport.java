package io.otarelease.client.device;

import io.otarelease.client.device.Transport.Refusal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@link Transport} over HTTP(S) with {@link HttpURLConnection} (present on Android, unlike java.net.http).
 * Redirects are not followed (a CDN that redirects elsewhere is misconfigured or hijacked). Every download is
 * bounded by the {@link DownloadLimits}: in size (a Content-Length above the limit is refused before the body, and
 * reading stops one byte past the limit whatever the header said) and in time (connect and read timeouts; after
 * the grace, an average of {@code minBytesPerSecond}; never longer than {@code maxDownloadTime}). Rate and ceiling
 * are checked after every read, so a server dribbling bytes is cut at most one read timeout late. Integrity comes
 * from signatures and hashes; the transport adds privacy and resistance to blocking: https only (plain http is
 * refused, {@link Refusal#INSECURE_URL}, except to loopback for development) and, optionally, the CDN's key pinned
 * ({@link #withPins}, {@link Refusal#PIN_MISMATCH}).
 */
public final class HttpTransport implements Transport {
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final int BUFFER = 16 * 1024;

    private static final Pattern LOOPBACK = Pattern.compile(
            "localhost|127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|\\[::1]|\\[(0{1,4}:){7}0{0,3}1]");

    private final URI base;
    private final DownloadLimits limits;
    private final LongSupplier nanoTicker;
    private final CertificatePins pins;
    private final SSLSocketFactory tls;

    /**
     * @param appBase the app's root on the CDN, e.g. {@code https://cdn.example.com/ota/com.example.shop/}; plain
     *     {@code http://} only on a loopback host (every request to another is refused as
     *     {@link Refusal#INSECURE_URL})
     * @param limits usually {@code config.downloads()} of the {@link DeviceConfig}
     */
    public HttpTransport(URI appBase, DownloadLimits limits) {
        this(appBase, limits, System::nanoTime);
    }

    /** @param nanoTicker the time source of the rate and ceiling checks ({@link System#nanoTime()}; tests pass a fake) */
    public HttpTransport(URI appBase, DownloadLimits limits, LongSupplier nanoTicker) {
        this(normalized(appBase), limits, nanoTicker, null, null);
    }

    /** The default limits with these timeouts. */
    public HttpTransport(URI appBase, Duration connectTimeout, Duration readTimeout) {
        this(appBase, DownloadLimits.DEFAULTS.withTimeouts(connectTimeout, readTimeout));
    }

    private HttpTransport(URI base, DownloadLimits limits, LongSupplier nanoTicker, CertificatePins pins,
                          SSLSocketFactory tls) {
        this.base = base;
        this.limits = limits;
        this.nanoTicker = nanoTicker;
        this.pins = pins;
        this.tls = tls;
    }

    /** This transport, refusing an https server whose key matches none of {@code pins} ({@link Refusal#PIN_MISMATCH}). */
    public HttpTransport withPins(CertificatePins certificatePins) {
        return new HttpTransport(base, limits, nanoTicker, certificatePins, tls);
    }

    /**
     * This transport with its own TLS trust (default: the platform's certificate authorities), e.g. a test's CA.
     * The certificate chain is still verified by it, and the pins checked on top.
     */
    public HttpTransport withSocketFactory(SSLSocketFactory factory) {
        return new HttpTransport(base, limits, nanoTicker, pins, factory);
    }

    private static URI normalized(URI appBase) {
        String scheme = appBase.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("CDN URL " + appBase + " must be https:// (http:// only on loopback)");
        }
        String s = appBase.toString();
        return URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** Whether plain http may be used: only to this machine (127.0.0.0/8, ::1, localhost), for development. */
    public static boolean loopback(URI uri) {
        String host = uri.getHost();
        return host != null && LOOPBACK.matcher(host.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    public URI base() {
        return base;
    }

    @Override
    public Response get(String path, String ifNoneMatch, long maxBytes) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        return transfer(path, ifNoneMatch, maxBytes, false, body, body);
    }

    @Override
    public void download(String path, long size, OutputStream out) throws IOException {
        transfer(path, null, size, true, out, null);
    }

    /** One bounded download into {@code out}; {@code exact}: the body must be {@code max} bytes, no fewer. */
    private Response transfer(String path, String ifNoneMatch, long max, boolean exact, OutputStream out,
                              ByteArrayOutputStream buffered) throws IOException {
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
            throw new IOException("refusing to fetch unsafe path \"" + path + "\"");
        }
        URL url = base.resolve(path).toURL();
        if (!"https".equals(base.getScheme()) && !loopback(base)) {
            throw new RefusedException(Refusal.INSECURE_URL, url + " is plain http to a host that is not loopback; "
                    + "updates come over https only (http is for a local ota serve on 127.0.0.1, ::1 or localhost)");
        }
        long start = nanoTicker.getAsLong();
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        boolean reusable = false; // a connection read to its end goes back to the keep-alive pool
        try {
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout((int) limits.connectTimeout().toMillis());
            c.setReadTimeout((int) limits.readTimeout().toMillis());
            c.setUseCaches(false);
            c.setRequestProperty("Accept-Encoding", "identity");
            if (ifNoneMatch != null) {
                c.setRequestProperty("If-None-Match", ifNoneMatch);
            }
            if (tls != null && c instanceof HttpsURLConnection) {
                ((HttpsURLConnection) c).setSSLSocketFactory(tls);
            }
            int status;
            try {
                c.connect();
            } catch (IOException e) {
                throw new IOException(url + ": " + e.getMessage(), e);
            }
            if (pins != null && c instanceof HttpsURLConnection) {
                // after the handshake, before the request is written: nothing is asked of an unpinned server
                pins.check(((HttpsURLConnection) c).getServerCertificates(), url.getProtocol() + "://"
                        + url.getAuthority());
            }
            try {
                status = c.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw new RefusedException(Refusal.TOO_SLOW, url + " sent no answer within "
                        + limits.readTimeout().toMillis() + " ms");
            } catch (IOException e) {
                throw new IOException(url + ": " + e.getMessage(), e);
            }
            String etag = c.getHeaderField("ETag");
            if (status != 200) {
                reusable = drain(c);
                if (status == 304 && ifNoneMatch != null) {
                    return new Response(null, etag, true);
                }
                if (status == 404) {
                    throw new NotFoundException(url + " is not on the CDN (404)");
                }
                throw new IOException(url + " answered HTTP " + status);
            }
            long declared = c.getContentLengthLong();
            if (declared > max) {
                throw new RefusedException(Refusal.TOO_LARGE, url + " declares " + declared + " bytes, more than "
                        + (exact ? "the " + max + " bytes expected" : "the limit of " + max + " bytes"));
            }
            long total = readBody(c, url, max, start, out);
            if (exact && total < max) {
                throw new RefusedException(Refusal.TRUNCATED, url + " ended after " + total + " of the " + max
                        + " bytes expected");
            }
            reusable = true;
            return new Response(buffered == null ? null : buffered.toByteArray(), etag, false);
        } finally {
            if (!reusable) {
                c.disconnect();
            }
        }
    }

    /** Reads what is left of an error body, if it is short, so the connection can be reused. */
    private static boolean drain(HttpURLConnection c) {
        try (InputStream in = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
            if (in == null) {
                return true;
            }
            byte[] buf = new byte[BUFFER];
            for (int left = 64 * 1024; left > 0; ) {
                int n = in.read(buf, 0, Math.min(buf.length, left));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private long readBody(HttpURLConnection c, URL url, long max, long start, OutputStream out) throws IOException {
        long total = 0;
        byte[] buf = new byte[BUFFER];
        try (InputStream in = c.getInputStream()) {
            while (true) {
                // ask for one byte past the limit, never more: that byte is the proof of endless data
                int want = (int) Math.min(buf.length, max + 1 - total);
                int n;
                try {
                    n = in.read(buf, 0, want);
                } catch (SocketTimeoutException e) {
                    throw new RefusedException(Refusal.TOO_SLOW, url + " sent no byte for "
                            + limits.readTimeout().toMillis() + " ms after " + total + " bytes");
                } catch (IOException e) {
                    throw new IOException(url + " broke off after " + total + " bytes: " + e.getMessage(), e);
                }
                if (n < 0) {
                    return total;
                }
                total += n;
                if (total > max) {
                    throw new RefusedException(Refusal.TOO_MUCH_DATA, url + " sent more than "
                            + max + " bytes, the most it may send here");
                }
                out.write(buf, 0, n);
                checkTime(url, total, nanoTicker.getAsLong() - start);
            }
        }
    }

    private void checkTime(URL url, long total, long elapsedNanos) throws RefusedException {
        if (elapsedNanos > limits.maxDownloadTime().toNanos()) {
            throw new RefusedException(Refusal.DEADLINE, url + " took longer than the ceiling of "
                    + limits.maxDownloadTime().toMillis() + " ms for one download (" + total + " bytes so far)");
        }
        long afterGrace = elapsedNanos - limits.grace().toNanos();
        if (afterGrace > 0 && total < afterGrace / 1e9 * limits.minBytesPerSecond()) {
            throw new RefusedException(Refusal.TOO_SLOW, url + " sent only " + total + " bytes in "
                    + elapsedNanos / 1_000_000 + " ms, below " + limits.minBytesPerSecond()
                    + " bytes/s after a grace of " + limits.grace().toMillis() + " ms");
        }
    }
}
