package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 99, 100})
    void aPercentFromOneToAHundredIsTaken(int p) {
        assertThat(Percent.of(p, "--percent").value()).isEqualTo(p);
        assertThat(Percent.parse(" " + p + " ", "--percent")).isEqualTo(new Percent(p));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void outsideOneToAHundredIsRefusedNamingTheFieldAndTheValue(int p) {
        assertThatThrownBy(() -> Percent.of(p, "--steps")).isInstanceOf(OtaException.BadInput.class)
                .hasMessage("--steps must be between 1 and 100 (" + p + " is not a percent a rollout can serve)");
        assertThatThrownBy(() -> Percent.parse(Integer.toString(p), "percent")).isInstanceOf(OtaException.BadInput.class)
                .hasMessageStartingWith("percent must be between 1 and 100");
        assertThatThrownBy(() -> new Percent(p)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageStartingWith("percent must be between 1 and 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "five", "2.5", "5%", "1e2", "0x10"})
    void textThatIsNotAWholeNumberIsRefusedNamingTheField(String text) {
        assertThatThrownBy(() -> Percent.parse(text, "--percent")).isInstanceOf(OtaException.BadInput.class)
                .hasMessage("--percent must be a whole number between 1 and 100, not \"" + text + "\"");
    }

    @Test
    void percentsCompareByValueAndPrintAsTheNumber() {
        assertThat(new Percent(5)).isLessThan(new Percent(25)).isEqualTo(Percent.of(5, "x"));
        assertThat(Percent.ALL.isAll()).isTrue();
        assertThat(new Percent(99).isAll()).isFalse();
        assertThat("at " + new Percent(25) + "%").isEqualTo("at 25%");
    }
}
