package dev.baton.promotion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How a failing step is retried: capped exponential backoff with "equal jitter" (half the delay
 * fixed, half random, so concurrent promotions spread out but never retry at once), a provider's
 * {@code retry-after} taking precedence when longer, and a reserve of time kept back so the failure
 * can still be journaled before the function's time runs out.
 *
 * @param maxAttempts attempts per step, the first included
 * @param initialDelay the delay before the second attempt (before jitter)
 * @param maxDelay the cap of the backoff (a provider's retry-after may exceed it)
 * @param reserve time kept back at the end of the budget to journal and report a failure
 */
public record RetrySchedule(
    int maxAttempts, Duration initialDelay, Duration maxDelay, Duration reserve) {

  /**
   * Five attempts, 200 ms doubling to at most 5 s; 20 s kept back, more than one attempt takes (a
   * provider request times out after 2.5 s, ProviderEndpoint.DEFAULT_TIMEOUT, and an attempt makes
   * two or three), so an attempt is not cut off by the function's timeout. A provider that hangs on
   * every attempt fails its step after about 5 x 2.5 s + 3 s of backoff (decision 0019).
   */
  public static final RetrySchedule DEFAULTS =
      new RetrySchedule(5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(20));

  /** Time kept back beyond the longest attempt, to journal and report its failure. */
  public static final Duration JOURNAL_MARGIN = Duration.ofSeconds(5);

  /**
   * This schedule with a reserve that also covers the longest attempt of {@code routers} plus
   * {@link #JOURNAL_MARGIN}: an attempt is started only when it can end, and its failure be
   * journaled, before the function's time runs out (a Route 53 shift may wait a minute for INSYNC).
   */
  public RetrySchedule coveringAttemptsOf(List<? extends dev.baton.port.TrafficRouter> routers) {
    Duration needed = reserve;
    for (dev.baton.port.TrafficRouter router : routers) {
      Duration covering = router.longestAttempt().plus(JOURNAL_MARGIN);
      if (covering.compareTo(needed) > 0) {
        needed = covering;
      }
    }
    return new RetrySchedule(maxAttempts, initialDelay, maxDelay, needed);
  }

  public RetrySchedule {
    List<String> problems = new ArrayList<>();
    if (maxAttempts < 1) {
      problems.add("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
      problems.add("initialDelay must be positive, was " + initialDelay);
    }
    if (maxDelay == null || initialDelay != null && maxDelay.compareTo(initialDelay) < 0) {
      problems.add("maxDelay must be >= initialDelay (" + initialDelay + "), was " + maxDelay);
    }
    if (reserve == null || reserve.isNegative()) {
      problems.add("reserve must be >= 0, was " + reserve);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid retry schedule: " + String.join("; ", problems));
    }
  }

  /**
   * The wait before attempt {@code failedAttempts + 1}.
   *
   * @param failedAttempts attempts made so far (>= 1)
   * @param retryAfter how long the provider asked us to wait, if it said
   * @param random the jitter source (injected, so tests are deterministic)
   */
  public Duration delayAfter(
      int failedAttempts, Optional<Duration> retryAfter, RandomGenerator random) {
    long initial = initialDelay.toMillis();
    long cap = maxDelay.toMillis();
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
    long backoff = Math.min(cap, initial << doublings);
    long half = backoff / 2;
    long jittered = half + (half == 0 ? 0 : random.nextLong(half + 1));
    Duration delay = Duration.ofMillis(Math.max(jittered, 1));
    if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
      return retryAfter.get();
    }
    return delay;
  }
}
