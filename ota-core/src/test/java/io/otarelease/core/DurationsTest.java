package io.otarelease.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every form an earlier parser accepted, with the value it gave: the CLI's options (one number and unit, or
 * ISO-8601), the fleet and collector options (those, plus milliseconds, and positive) and the shared library's
 * settings (units combined, in whole seconds).
 */
class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # text      | ISO value of the result | which old parser took it
            45s         | PT45S                   | CLI options, fleet options, shared library
            90s         | PT1M30S                 | CLI options, fleet options, shared library
            30m         | PT30M                   | CLI options, fleet options, shared library
            12h         | PT12H                   | CLI options, fleet options, shared library
            90d         | PT2160H                 | CLI options, fleet options, shared library
            7d          | PT168H                  | CLI options (gc --grace default)
            10m         | PT10M                   | CLI options (cdn --wait-timeout default)
            0s          | PT0S                    | CLI options (zero: a --grace of 0s)
            0d          | PT0S                    | CLI options
            007m        | PT7M                    | CLI options, shared library (leading zeros)
            250ms       | PT0.25S                 | fleet options
            1ms         | PT0.001S                | fleet options
            2h30m       | PT2H30M                 | shared library
            1d2h3m4s    | PT26H3M4S               | shared library
            30m2h       | PT2H30M                 | shared library (any order)
            1h1h        | PT2H                    | shared library (repeats add up)
            PT15M       | PT15M                   | CLI options, fleet options (ISO-8601)
            pt15m       | PT15M                   | CLI options, fleet options (ISO-8601 in any case)
            P2D         | PT48H                   | CLI options, fleet options
            P1DT12H     | PT36H                   | CLI options, fleet options
            PT0.5S      | PT0.5S                  | CLI options, fleet options
            +PT1H       | PT1H                    | CLI options, fleet options
            -PT1H       | PT-1H                   | CLI options (negative ISO; callers needing positive use positive())
            """)
    void parsesEveryFormAcceptedBefore(String text, String expected, String acceptedBy) {
        assertThat(Durations.parse(text, "--x")).as(acceptedBy).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"  2h30m ", "\t15m"})
    void ignoresSurroundingSpaceAsTheSharedLibraryDid(String text) {
        assertThat(Durations.parse(text, "--x")).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "15", "m", "15M", "1.5h", "15 m", "1w", "-5m", "15min", "h1", "P1W2",
        "99999999999999999999d", "9223372036854775807d"})
    void rejectsWithTheFieldTheTextAndTheAcceptedForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text, "--grace"))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("--grace \"" + text + "\" is not a duration: write " + Durations.FORMS);
    }

    @Test
    void namesTheFieldWhenTheTextIsMissing() {
        assertThatThrownBy(() -> Durations.parse(null, "canaryWindow"))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageStartingWith("canaryWindow \"null\" is not a duration");
    }

    /** The fleet options once let "0ms" through (their millisecond branch skipped the check); "0s" they refused. */
    @ParameterizedTest
    @ValueSource(strings = {"0s", "0ms", "PT0S", "-PT1S"})
    void positiveRefusesZeroAndNegative(String text) {
        assertThatThrownBy(() -> Durations.positive(text, "--poll-interval"))
                .isInstanceOf(OtaException.BadInput.class).hasMessage("--poll-interval must be positive");
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "2h30m, PT2H30M", "PT1S, PT1S"})
    void positiveReturnsTheParsedDuration(String text, String expected) {
        assertThat(Durations.positive(text, "--x")).isEqualTo(Duration.parse(expected));
    }
}
