package io.otarelease.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustDemoTest {
    @TempDir
    Path tmp;

    @Test
    void rotatesBothKeysAndRefusesTheOldOnesWithoutANewAppBinary() throws Exception {
        StringWriter text = new StringWriter();
        List<String> steps = new ArrayList<>();
        new TrustDemo(new PrintWriter(text, true), steps::add).run(tmp, "com.example.shop");
        assertThat(steps).hasSize(3);
        assertThat(text.toString())
                .contains("device: root v1, keys.json v1 -> release [release-a], channel [channel-a]")
                .contains("device: root v1, keys.json v4 -> release [release-b], channel [channel-b]")
                .contains("accepted: a manifest and a pointer signed by release-b and channel-b")
                .contains("refused: a manifest signed by the revoked release-a")
                .contains("refused: a pointer signed by the rotated-out channel-a")
                .contains("refused: the previous keys.json served again");
    }
}
