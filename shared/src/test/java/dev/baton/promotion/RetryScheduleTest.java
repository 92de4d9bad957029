package dev.baton.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetryScheduleTest {
  private final RetrySchedule schedule =
      new RetrySchedule(8, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5));

  static LongStream seeds() {
    return LongStream.range(0, 50);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void delaysDoubleWithJitterAndNeverExceedTheCap(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int failed = 1; failed <= 8; failed++) {
      long backoff = Math.min(2000, 100L << (failed - 1));
      Duration delay = schedule.delayAfter(failed, Optional.empty(), random);
      assertThat(delay.toMillis())
          .as("after %d failures (seed %d)", failed, seed)
          .isBetween(backoff / 2, backoff);
    }
  }

  @Test
  void theReserveCoversTheLongestAttemptOfAnyRouterAndTheJournalWrite() {
    RecordingRouter http = new RecordingRouter("do-global-lb", new java.util.ArrayList<>());
    RecordingRouter slow =
        new RecordingRouter("route53:app.example.com/A", new java.util.ArrayList<>());
    slow.longestAttempt = Duration.ofSeconds(82);

    assertThat(RetrySchedule.DEFAULTS.coveringAttemptsOf(java.util.List.of(http)).reserve())
        .as("an HTTP router's attempt fits in the default reserve")
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(RetrySchedule.DEFAULTS.coveringAttemptsOf(java.util.List.of(http, slow)).reserve())
        .isEqualTo(Duration.ofSeconds(87));
  }

  @Test
  void aLongerRetryAfterWinsEvenAboveTheCap() {
    Duration delay =
        schedule.delayAfter(1, Optional.of(Duration.ofSeconds(30)), new SplittableRandom(1));

    assertThat(delay).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aShorterRetryAfterDoesNotShortenTheBackoff() {
    Duration delay =
        schedule.delayAfter(6, Optional.of(Duration.ofMillis(1)), new SplittableRandom(1));

    assertThat(delay.toMillis()).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void unsafeSchedulesAreRejectedNamingTheFields() {
    assertThatThrownBy(
            () ->
                new RetrySchedule(
                    0, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .hasMessageContaining("maxAttempts must be >= 1")
        .hasMessageContaining("maxDelay must be >= initialDelay")
        .hasMessageContaining("reserve must be >= 0");
  }
}
