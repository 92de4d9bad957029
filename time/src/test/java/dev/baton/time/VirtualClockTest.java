package dev.baton.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void standsStillUntilMoved() {
    VirtualClock clock = VirtualClock.atEpochOfTests();
    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void sleepingAdvancesTheClockByTheWait() {
    VirtualClock clock = new VirtualClock(T0);
    clock.sleep(Duration.ofMillis(1500));
    clock.advance(Duration.ofNanos(1)).advance(Duration.ZERO);
    assertThat(clock.instant()).isEqualTo(T0.plusMillis(1500).plusNanos(1));
  }

  @Test
  void aNegativeSleepIsRefusedAsThreadSleepRefusesIt() {
    VirtualClock clock = new VirtualClock(T0);
    assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    assertThat(clock.instant()).isEqualTo(T0);
  }

  @Test
  void setStepsTheWallClockEitherWay() {
    VirtualClock clock = new VirtualClock(T0);
    clock.set(T0.plusSeconds(30)).set(T0.minusSeconds(40));
    assertThat(clock.instant()).isEqualTo(T0.minusSeconds(40));
    assertThatThrownBy(() -> clock.set(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void isAlwaysUtcAndAnotherZoneIsTheSameClock() {
    VirtualClock clock = new VirtualClock(T0);
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.withZone(ZoneId.of("Asia/Tokyo"))).isSameAs(clock);
  }
}
