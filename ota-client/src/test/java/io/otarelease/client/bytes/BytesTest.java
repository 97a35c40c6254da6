package io.otarelease.client.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Android-safe helpers agree with the JDK methods they replace (which the JVM running tests has). */
class BytesTest {
    @Test
    void hexAgreesWithHexFormat() {
        Random r = new Random(7);
        for (int n = 0; n < 300; n++) {
            byte[] b = new byte[n % 40];
            r.nextBytes(b);
            String hex = HexFormat.of().formatHex(b);
            assertEquals(hex, Bytes.hex(b));
            assertArrayEquals(b, Bytes.parseHex(hex));
            assertArrayEquals(b, Bytes.parseHex(hex.toUpperCase()));
        }
        assertThrows(IllegalArgumentException.class, () -> Bytes.parseHex("abc"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.parseHex("0g"));
    }

    @Test
    void readAtMostStopsAtTheLimitOrTheEnd() throws Exception {
        byte[] data = new byte[200_000];
        new Random(1).nextBytes(data);
        assertArrayEquals(new ByteArrayInputStream(data).readNBytes(100_001),
                Bytes.readAtMost(new ByteArrayInputStream(data), 100_001));
        assertArrayEquals(data, Bytes.readAtMost(new ByteArrayInputStream(data), 1_000_000));
        assertEquals(0, Bytes.readAtMost(new ByteArrayInputStream(data), 0).length);
    }

    @Test
    void compareUnsignedAgreesWithArrays() {
        String[] s = {"", "a", "ab", "b", "é", "z", "€", "😀", "A", "a/b", "a-b"};
        for (String x : s) {
            for (String y : s) {
                byte[] a = x.getBytes(StandardCharsets.UTF_8);
                byte[] b = y.getBytes(StandardCharsets.UTF_8);
                assertEquals(Integer.signum(java.util.Arrays.compareUnsigned(a, b)),
                        Integer.signum(Bytes.compareUnsigned(a, b)), x + " vs " + y);
            }
        }
    }
}
