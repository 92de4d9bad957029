package dev.baton.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void durationsReadTheWayOperatorsWriteThem() {
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofSeconds(15))).isEqualTo("15s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMinutes(60))).isEqualTo("1h");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.format(Duration.ofMillis(1005))).isEqualTo("1.005s");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("0.25s");
    assertThat(Durations.format(Duration.ofSeconds(-2))).isEqualTo("-2s");
    assertThat(Durations.format(Durations.FOREVER)).isEqualTo("forever");
  }
}
