package io.aiges.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void readsTheUnitsPeopleType() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("10")).as("a bare number is seconds").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesAnythingElse() {
        assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> Durations.parse("10 days")).hasMessageContaining("expected a duration");
    }
}
