package dev.baton.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
  @Test
  void readsTheUnitsPeopleWrite() {
    assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationText.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(DurationText.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationText.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationText.parse("-30s")).isEqualTo(Duration.ofSeconds(-30));
    assertThat(DurationText.parse("+30s")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void rejectsTextWithoutUnitSayingWhatIsAccepted() {
    assertThatThrownBy(() -> DurationText.parse("30"))
        .hasMessageContaining("such as 250ms, 5s")
        .hasMessageContaining("'30'");
    assertThatThrownBy(() -> DurationText.parse("5 s")).hasMessageContaining("'5 s'");
  }

  @Test
  void formatsShortly() {
    assertThat(DurationText.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(DurationText.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(DurationText.format(Duration.ofSeconds(150))).isEqualTo("150s");
    assertThat(DurationText.format(Duration.ofSeconds(630))).isEqualTo("10m30s");
    assertThat(DurationText.format(Duration.ofSeconds(-3))).isEqualTo("-3s");
  }

  @Test
  void scalesToTheMillisecond() {
    assertThat(DurationText.scale(Duration.ofSeconds(5), 0.2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(DurationText.scale(Duration.ofSeconds(12), 0.1)).isEqualTo(Duration.ofMillis(1200));
  }
}
