package io.otarelease.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.RemoteSigner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without SoftHSM2 the demo signs with a development key and says so (the HSM way: {@code DemoTest}). */
class DemoSigningTest {
    @TempDir
    Path tmp;

    @Test
    void withoutSoftHsmTheDemoSaysItFallsBackToADevelopmentKey() {
        StringWriter text = new StringWriter();
        try (DemoSigning s = DemoSigning.open(tmp, new PrintWriter(text, true), "SoftHSM2 is")) {
            assertThat(s.signer()).isInstanceOf(FileSigner.class);
            assertThat(s.signer()).isNotInstanceOf(RemoteSigner.class);
        }
        assertThat(text.toString()).contains("SoftHSM2 is not installed").contains("falling back to a development key");
    }
}
