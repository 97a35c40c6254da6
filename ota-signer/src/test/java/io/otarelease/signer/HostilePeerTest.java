package io.otarelease.signer;

import static io.otarelease.signer.SignerFixture.post;
import static io.otarelease.signer.SignerServerTest.signRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.Secret;
import io.otarelease.core.tls.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers that never become clients: idle or dribbling TCP connections, floods of connections from one address,
 * handshakes without an acceptable certificate. Each peer connects from its own loopback address (127.0.0.N;
 * Linux routes all of 127/8 to the loopback), as distinct hosts would, while the legitimate client keeps
 * 127.0.0.1.
 */
class HostilePeerTest {
    /** Well under the remote signer's 15 s request timeout; a normal signature takes milliseconds. */
    private static final long LEGITIMATE_CEILING_MS = 10_000;

    @TempDir
    static Path dir;
    static SignerFixture fx;
    private final List<Socket> peers = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        fx = SignerFixture.create(dir);
    }

    @AfterEach
    void closePeers() {
        for (Socket s : peers) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed by the server
            }
        }
    }

    @Test
    void aSignatureCompletesWellInsideTheClientTimeoutWhileFiftyIdleOrSlowPeersHoldConnections() throws Exception {
        try (SignerServer server = fx.start(fx.writeConfig("idle.yaml", dir.resolve("idle.jsonl"), List.of(), ""))) {
            HttpClient calm = fx.client(fx.good);
            long calmStart = System.nanoTime();
            assertThat(post(calm, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", new byte[32]))
                    .statusCode()).isEqualTo(200);
            long calmMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - calmStart);
            for (int i = 0; i < 50; i++) {
                // one silent connection and one that stops in the middle of its TLS ClientHello, per peer
                connect(server, 10 + i);
                Socket slow = connect(server, 10 + i);
                slow.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00});
                slow.getOutputStream().flush();
            }
            HttpClient good = fx.client(fx.good);
            long start = System.nanoTime();
            HttpResponse<String> r = post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32]));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("a new connection's handshake and signature: " + calmMs + " ms with no other peer, "
                    + tookMs + " ms with 100 hostile connections open");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(tookMs).as("a new connection's handshake and signature, with 100 hostile connections open")
                    .isLessThan(LEGITIMATE_CEILING_MS);
        }
    }

    @Test
    void aPeerThatNeverFinishesItsHandshakeIsCutOffEvenWhileItKeepsSendingBytes() throws Exception {
        try (SignerServer server = fx.start(fx.writeConfig("handshake.yaml", dir.resolve("handshake.jsonl"),
                List.of(), "limits: {handshakeSeconds: 1, idleSeconds: 30}\n"))) {
            Socket dribbler = connect(server, 7);
            dribbler.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean cut = false;
            // one byte of the ClientHello every 200 ms: never idle, never done
            while (!cut && System.nanoTime() < deadline) {
                try {
                    dribbler.getOutputStream().write(0x01);
                    dribbler.getOutputStream().flush();
                    dribbler.setSoTimeout(200);
                    cut = dribbler.getInputStream().read() == -1;
                } catch (SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    cut = true;
                }
            }
            assertThat(cut).as("the server closed a handshake that ran past handshakeSeconds").isTrue();
            assertThat(fx.log).anyMatch(l -> l.contains("TLS handshake refused") && l.contains("127.0.0.7")
                    && l.contains("handshakeSeconds"));
        }
    }

    @Test
    void oneAddressGetsAtMostItsShareOfConnectionsAndOthersAreNotTouched() throws Exception {
        try (SignerServer server = fx.start(fx.writeConfig("perpeer.yaml", dir.resolve("perpeer.jsonl"), List.of(),
                "limits: {connectionsPerPeer: 8}\n"))) {
            List<Socket> mine = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                mine.add(connect(server, 9));
            }
            int closed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (Socket s : mine) {
                if (closedByServer(s, deadline)) {
                    closed++;
                }
            }
            assertThat(closed).as("connections over connectionsPerPeer are closed at once").isGreaterThanOrEqualTo(32);
            // the legitimate client, from another address, signs as usual
            assertThat(post(fx.client(fx.good), server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32])).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void newConnectionsFromOneAddressGoThroughItsTokenBucket() throws Exception {
        try (SignerServer server = fx.start(fx.writeConfig("connrate.yaml", dir.resolve("connrate.jsonl"), List.of(),
                "limits: {requestsPerSecond: 1, burst: 3, handshakeSeconds: 60}\n"))) {
            long start = System.nanoTime();
            List<Socket> opened = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                opened.add(connect(server, 11));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int closed = 0;
            for (Socket s : opened) {
                if (closedByServer(s, deadline)) {
                    closed++;
                }
            }
            // the server may have seen the connections late, with tokens refilled meanwhile: count to now
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + 1;
            // a burst of 3, then one a second; the rest are closed at once (handshakeSeconds is far away)
            assertThat((long) closed).isGreaterThanOrEqualTo(12 - 3 - seconds);
            assertThat(fx.log).anyMatch(l -> l.contains("127.0.0.11 opens connections too fast"));
        }
    }

    @Test
    void connectionsCountOnlyWhileOpenSoAClientOpeningOneConnectionPerRequestIsNeverRefused() throws Exception {
        try (SignerServer server = fx.start(fx.writeConfig("sequential.yaml", dir.resolve("sequential.jsonl"),
                List.of(), "limits: {connectionsPerPeer: 5}\n"))) {
            SSLSocketFactory good = TlsContexts.context(TlsContexts.identity(fx.good.p12(),
                    Secret.of(TestPki.P12_PASSWORD.toCharArray(), "test")), TlsContexts.trustOnly(fx.pki.serverCa))
                    .getSocketFactory();
            String body = signRequest("ota-ec", "ECDSA_SHA_256", new byte[32]);
            byte[] request = ("POST /v1/sign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 30; i++) {
                try (SSLSocket s = (SSLSocket) good.createSocket("127.0.0.1", server.port())) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(request);
                    s.getOutputStream().flush();
                    byte[] head = s.getInputStream().readNBytes(12);
                    assertThat(new String(head, StandardCharsets.US_ASCII)).as("connection %d", i)
                            .isEqualTo("HTTP/1.1 200");
                }
            }
        }
    }

    @Test
    void refusedHandshakesAreLoggedWithTheirPeerAndReasonAndAFloodIsCappedInTheLog() throws Exception {
        long start = System.nanoTime(); // the log's budget refills from the server's start on
        int from = fx.log.size(); // earlier tests' servers logged into the same list
        try (SignerServer server = fx.start(fx.writeConfig("refused.yaml", dir.resolve("refused.jsonl"), List.of(),
                ""))) {
            HttpClient none = fx.client(null);
            assertThatThrownBy(() -> SignerFixture.get(none, server.url(), "/v1/keys")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> SignerFixture.get(fx.client(fx.foreign), server.url(), "/v1/keys"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> SignerFixture.get(fx.client(fx.expired), server.url(), "/v1/keys"))
                    .isInstanceOf(IOException.class);
            awaitLog(l -> l.contains("TLS handshake refused") && l.contains("127.0.0.1"), 3);

            // the flood comes from another address, as it would: the legitimate client's address keeps its share
            SSLSocketFactory noCertificate = TlsContexts.context(null, TlsContexts.trustOnly(fx.pki.serverCa))
                    .getSocketFactory();
            for (int i = 0; i < 150; i++) {
                try (Socket raw = new Socket()) {
                    raw.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 8}), 0));
                    raw.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                    raw.setSoTimeout(10_000);
                    SSLSocket tls = (SSLSocket) noCertificate.createSocket(raw, "127.0.0.1", server.port(), true);
                    tls.startHandshake();
                    tls.getInputStream().read(); // TLS 1.3 reports the refused client certificate here
                } catch (IOException e) {
                    // refused, as it should be
                }
            }
            List<String> all = List.copyOf(fx.log);
            List<String> mine = all.subList(from, all.size());
            long logged = mine.stream().filter(l -> l.contains("TLS handshake refused")).count();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + 1;
            // a burst of 20 lines, then one a second: the flood cannot fill the disk, whatever the machine's speed
            assertThat(logged).isLessThanOrEqualTo(20 + seconds).isLessThan(153);
            assertThat(mine).anyMatch(l -> l.contains("similar line(s) suppressed"));
            assertThat(post(fx.client(fx.good), server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32])).statusCode()).isEqualTo(200);
        }
    }

    private void awaitLog(java.util.function.Predicate<String> which, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (fx.log.stream().filter(which).count() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(fx.log.stream().filter(which).count()).as(String.join("\n", fx.log)).isGreaterThanOrEqualTo(count);
    }

    /** A plain TCP connection from 127.0.0.{@code host} to the server. */
    private Socket connect(SignerServer server, int host) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host}), 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        peers.add(s);
        return s;
    }

    private static boolean closedByServer(Socket s, long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        s.setSoTimeout((int) Math.max(1, Math.min(left, 300)));
        try {
            InputStream in = s.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
