package dev.baton.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
  @Test
  void shortFormsWithUnits() {
    assertThat(DurationText.parse("5s")).contains(Duration.ofSeconds(5));
    assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(DurationText.parse("1m")).contains(Duration.ofMinutes(1));
    assertThat(DurationText.parse("1m30s")).contains(Duration.ofSeconds(90));
    assertThat(DurationText.parse("2h")).contains(Duration.ofHours(2));
    assertThat(DurationText.parse("1d")).contains(Duration.ofDays(1));
    assertThat(DurationText.parse(" 10s ")).contains(Duration.ofSeconds(10));
  }

  @Test
  void isoForms() {
    assertThat(DurationText.parse("PT5S")).contains(Duration.ofSeconds(5));
    assertThat(DurationText.parse("pt1m")).contains(Duration.ofMinutes(1));
  }

  @Test
  void numbersWithoutUnitsAndNonsenseAreNotDurations() {
    assertThat(DurationText.parse("5")).isEmpty();
    assertThat(DurationText.parse("5 s")).isEmpty();
    assertThat(DurationText.parse("-5s")).isEmpty();
    assertThat(DurationText.parse("soon")).isEmpty();
    assertThat(DurationText.parse("P5")).isEmpty();
    assertThat(DurationText.parse("")).isEmpty();
    assertThat(DurationText.parse(null)).isEmpty();
  }
}
