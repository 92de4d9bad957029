package dev.baton.agent.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthorityClockTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void aLocalClockNineSecondsBehindIsCorrectedToTheAuthoritysTimeAndReported() {
    VirtualClock local = new VirtualClock(T0.minusSeconds(9));
    AuthorityClock clock = new AuthorityClock(local);

    // Asked at local 11:59:51.000, answered at local 11:59:51.100; the Date header says 12:00:00.
    assertThat(clock.observe(T0.minusSeconds(9), T0.minusSeconds(9).plusMillis(100), T0, SECOND))
        .hasValueSatisfying(s -> assertThat(s).startsWith("wall clock 9.5 s behind"));
    // The header's second is taken at its middle: within half a second plus the round trip.
    assertThat(Duration.between(T0, clock.instant()).abs()).isLessThanOrEqualTo(SECOND);
    assertThat(clock.offsetMillis()).isEqualTo(9450);
  }

  @Test
  void offsetsWithinTheHeadersResolutionAndTheRoundTripAreNotSkew() {
    VirtualClock local = new VirtualClock(T0.plusMillis(800));
    AuthorityClock clock = new AuthorityClock(local);

    assertThat(clock.observe(T0.plusMillis(800), T0.plusMillis(900), T0, SECOND)).isEmpty();
    assertThat(clock.offsetMillis()).isZero();
    assertThat(clock.instant()).isEqualTo(T0.plusMillis(800));
  }

  @Test
  void aCorrectedClockThatHealsGoesBackToItsOwnTime() {
    VirtualClock local = new VirtualClock(T0.plusSeconds(40));
    AuthorityClock clock = new AuthorityClock(local);
    clock.observe(T0.plusSeconds(40), T0.plusSeconds(40), T0, Duration.ZERO);
    assertThat(clock.offsetMillis()).isEqualTo(-40_000);
    assertThat(AuthorityClock.describe(clock.offsetMillis()))
        .isEqualTo("wall clock 40.0 s ahead of the authority's");

    assertThat(
            clock.observe(T0.plusSeconds(1), T0.plusSeconds(1), T0.plusSeconds(1), Duration.ZERO))
        .contains("wall clock agrees with the authority's again; beats carry it");
    assertThat(clock.offsetMillis()).isZero();
  }
}
