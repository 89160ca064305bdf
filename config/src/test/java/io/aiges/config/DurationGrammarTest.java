package io.aiges.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The one duration grammar: every unit in every caller, the bare number the caller's, clear refusals. */
class DurationGrammarTest {
    private static final String EXPECTED = "a test duration";

    @ParameterizedTest
    @CsvSource({"500us,PT0.0005S", "500µs,PT0.0005S", "2ms,PT0.002S", "2 MS,PT0.002S", "1.5s,PT1.5S",
            "2m,PT2M", "1h,PT1H", "0,PT0S", "0.0005s,PT0.0005S"})
    void everyUnitReadsTheSameForEveryCaller(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
        assertThat(Durations.parse(text, ChronoUnit.MICROS, EXPECTED)).isEqualTo(expected.isZero() ? Duration.ZERO : expected);
    }

    @Test
    void aBareNumberCountsTheCallersUnit() {
        assertThat(Durations.parse("750", ChronoUnit.MICROS, EXPECTED)).isEqualTo(Duration.ofNanos(750_000));
        assertThat(Durations.parse("30")).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1s", "1d", "10 days", "1.s", ".5s", "1e3ms", "s", "1 2s", "1.0000000001s"})
    void anythingElseIsRefusedSayingWhatWasExpected(String text) {
        assertThatThrownBy(() -> Durations.parse(text, ChronoUnit.MICROS, EXPECTED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected " + EXPECTED + ", got \"" + text + "\"");
    }

    @Test
    void aDurationPastWhatNanosecondsHoldIsRefused() {
        assertThatThrownBy(() -> Durations.parse("300000000h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        assertThat(Durations.parse("2000000h")).isEqualTo(Duration.ofHours(2_000_000));
    }

    /** Random durations written in a random unit read back as themselves; random text never escapes as another error. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void writtenDurationsReadBackAndGarbageIsOnlyEverRefused(long seed) {
        Random random = new Random(seed);
        List<ChronoUnit> units = List.of(ChronoUnit.MICROS, ChronoUnit.MILLIS, ChronoUnit.SECONDS, ChronoUnit.MINUTES,
                ChronoUnit.HOURS);
        List<String> words = List.of("us", "ms", "s", "m", "h");
        for (int i = 0; i < 1000; i++) {
            int u = random.nextInt(units.size());
            long amount = random.nextInt(1_000_000);
            String text = amount + (random.nextBoolean() ? " " : "") + words.get(u);
            assertThat(Durations.parse(text)).as(text).isEqualTo(Duration.of(amount, units.get(u)));
            assertThat(Durations.parse(Durations.show(Duration.ofMillis(amount)))).isEqualTo(Duration.ofMillis(amount));

            StringBuilder garbage = new StringBuilder();
            String alphabet = "0123456789.smhuµ -+eE";
            for (int j = random.nextInt(8); j > 0; j--) {
                garbage.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Throwable thrown = catchThrowable(() -> Durations.parse(garbage.toString()));
            assertThat(thrown).as("'%s'", garbage).satisfiesAnyOf(
                    t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(IllegalArgumentException.class));
        }
    }
}
