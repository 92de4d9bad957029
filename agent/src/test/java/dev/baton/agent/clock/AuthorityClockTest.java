package dev.baton.agent.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthorityClockTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration SECOND = Duration.ofSeconds(1);

  /** Monotonic time: nanoseconds of true time since T0 - 100 s. */
  private final VirtualClock truth = new VirtualClock(T0);

  private long mono() {
    return Duration.between(T0.minusSeconds(100), truth.instant()).toNanos();
  }

  @Test
  void beforeTheFirstAnswerTheWallClockStampsAndNothingIsAnchored() {
    VirtualClock wall = new VirtualClock(T0.minusSeconds(9));
    AuthorityClock clock = new AuthorityClock(wall, this::mono);

    assertThat(clock.anchored()).isFalse();
    assertThat(clock.instant()).isEqualTo(T0.minusSeconds(9));
    assertThat(clock.offsetMillis()).isZero();
  }

  @Test
  void aWallClockNineSecondsBehindIsReplacedByTheAuthoritysTimeAndReported() {
    VirtualClock wall = new VirtualClock(T0.minusSeconds(9));
    AuthorityClock clock = new AuthorityClock(wall, this::mono);
    long sent = mono();
    truth.advance(Duration.ofMillis(100));
    wall.advance(Duration.ofMillis(100));

    // The Date header says 12:00:00 (to the second): taken at its middle.
    assertThat(clock.observe(sent, mono(), T0, SECOND))
        .hasValueSatisfying(
            s -> assertThat(s).matches("wall clock 9\\.[45] s behind the authority's; .*"));
    assertThat(clock.anchored()).isTrue();
    assertThat(Duration.between(truth.instant(), clock.instant()).abs())
        .isLessThanOrEqualTo(SECOND);
  }

  @Test
  void aWallClockThatJumpsAfterTheAnchorMovesNothing() {
    VirtualClock wall = new VirtualClock(T0);
    AuthorityClock clock = new AuthorityClock(wall, this::mono);
    clock.observe(mono(), mono(), T0, Duration.ZERO);
    assertThat(clock.offsetMillis()).isZero();

    truth.advance(Duration.ofSeconds(28));
    wall.advance(Duration.ofSeconds(5)); // NTP stepped the wall clock back 23 s meanwhile

    assertThat(clock.instant()).as("carried on the monotonic clock").isEqualTo(truth.instant());
    assertThat(clock.offsetMillis()).isEqualTo(23_000);
    assertThat(AuthorityClock.describe(clock.offsetMillis()))
        .isEqualTo("wall clock 23.0 s behind the authority's");
  }

  @Test
  void offsetsWithinTheHeadersResolutionAreNotSkewAndDoNotReAnchor() {
    VirtualClock wall = new VirtualClock(T0.plusMillis(800));
    AuthorityClock clock = new AuthorityClock(wall, this::mono);
    assertThat(clock.observe(mono(), mono(), T0, SECOND)).isEmpty();
    Instant anchored = clock.instant();
    assertThat(clock.observe(mono(), mono(), T0.plusSeconds(1), SECOND)).isEmpty();
    assertThat(clock.instant()).as("1 s later by the header, within tolerance").isEqualTo(anchored);
    assertThat(clock.offsetMillis()).isZero();
  }
}
