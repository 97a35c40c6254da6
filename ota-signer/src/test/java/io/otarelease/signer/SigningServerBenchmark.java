package io.otarelease.signer;

import io.otarelease.core.Secret;
import io.otarelease.core.tls.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Benchmark (not a test): signing requests per second and p50/p99 latency against a real signing server (TLS
 * with client certificates, SoftHSM2 token, fsynced audit log) with 1, 8 and 32 concurrent clients, with the
 * connection kept alive and with a new TLS handshake (fresh SSLContext, so no session resumption) per request.
 * Clients and server share this JVM and the machine's cores, so the figures are a floor for a dedicated server.
 *
 * <p>Run: {@code bench/signer-bench.sh [seconds per run]} (see docs/benchmarks.md).
 */
public final class SigningServerBenchmark {
    private static final byte[] DIGEST = new byte[32];

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("ota-signer-bench");
        SignerFixture fx = SignerFixture.create(dir);
        Path config = fx.writeConfig("bench.yaml", dir.resolve("audit.jsonl"), List.of(),
                "limits: {requestsPerSecond: 100000, burst: 100000, threads: 32, connectionsPerPeer: 100}\n"
                + "reload: {intervalSeconds: 0}\n");
        try (SignerServer server = fx.start(config)) {
            KeyManager[] km = TlsContexts.identity(fx.good.p12(), Secret.of(TestPki.P12_PASSWORD.toCharArray(), "b"));
            TrustManager[] tm = TlsContexts.trustOnly(fx.pki.serverCa);
            System.out.println("| key | connections | clients | signatures/s | p50 ms | p99 ms |");
            System.out.println("|---|---|---:|---:|---:|---:|");
            for (String key : List.of("ota-ec", "ota-rsa")) {
                String alg = key.equals("ota-ec") ? "ECDSA_SHA_256" : "RSASSA_PKCS1_V1_5_SHA_256";
                byte[] request = request(server.port(), key, alg);
                for (boolean reuse : new boolean[] {true, false}) {
                    for (int clients : new int[] {1, 8, 32}) {
                        Result r;
                        try {
                            run(server.port(), km, tm, request, reuse, clients, 1); // warm-up
                            r = run(server.port(), km, tm, request, reuse, clients, seconds);
                        } catch (IllegalStateException e) {
                            fx.log.forEach(System.err::println); // why the server refused
                            throw e;
                        }
                        System.out.printf("| %s | %s | %d | %.0f | %.1f | %.1f |%n", alg, reuse ? "reused"
                                : "new handshake each", clients, r.perSecond, r.p50 / 1e6, r.p99 / 1e6);
                    }
                }
            }
        }
        System.exit(0);
    }

    private record Result(double perSecond, long p50, long p99) {
    }

    private static Result run(int port, KeyManager[] km, TrustManager[] tm, byte[] request, boolean reuse, int clients,
                              int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(clients);
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[clients];
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int index = c;
            Thread t = new Thread(() -> {
                SSLSocket socket = null;
                try {
                    int n = 0;
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        if (socket == null) {
                            socket = connect(port, km, tm);
                        }
                        exchange(socket, request);
                        if (!reuse) {
                            socket.close();
                            socket = null;
                        }
                        mine[n++] = System.nanoTime() - start;
                    }
                    counts[index] = n;
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    try {
                        if (socket != null) {
                            socket.close();
                        }
                    } catch (IOException e) {
                        // closing at the end of the run
                    }
                    done.countDown();
                }
            });
            t.start();
        }
        long begin = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - begin) / 1e9;
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a client failed", errors.get(0));
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(total / elapsed, all[(int) (total * 0.50)], all[Math.min(total - 1, (int) (total * 0.99))]);
    }

    private static SSLSocket connect(int port, KeyManager[] km, TrustManager[] tm) throws IOException {
        // a fresh context has an empty session cache: every connection is a full handshake
        SSLContext ctx = TlsContexts.context(km, tm);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setEnabledProtocols(TlsContexts.PROTOCOLS.toArray(String[]::new));
        s.setTcpNoDelay(true);
        s.startHandshake();
        return s;
    }

    private static byte[] request(int port, String key, String alg) {
        String body = "{\"keyId\":\"" + key + "\",\"algorithm\":\"" + alg + "\",\"digest\":\""
                + Base64.getEncoder().encodeToString(DIGEST) + "\"}";
        return ("POST /v1/sign HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one request and reads one response (status line, headers, Content-Length body); fails unless 200. */
    private static void exchange(SSLSocket socket, byte[] request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        InputStream raw = socket.getInputStream();
        String head = readHead(raw);
        if (!head.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected answer: " + head.lines().findFirst().orElse(""));
        }
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        raw.readNBytes(length);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
