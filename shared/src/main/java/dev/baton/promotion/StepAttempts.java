package dev.baton.promotion;

import dev.baton.port.DependencyException;
import dev.baton.port.ProviderException;
import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one external step with retries: Failsafe decides whether a failure is retried and how long
 * to wait ({@link RetrySchedule}: capped exponential backoff with jitter, the provider's
 * retry-after honoured); this class checks the fence before every attempt, never starts an attempt
 * or a wait that would end past the time budget, and reports each attempt so it is journaled before
 * it runs. Only a retryable {@link ProviderException} or {@link DependencyException} is retried;
 * anything else fails the step at once. One instance serves every router's branch at once: {@link
 * #run} keeps its state local.
 */
final class StepAttempts {
  private static final Logger LOG = LoggerFactory.getLogger(StepAttempts.class);

  private final RetrySchedule schedule;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  StepAttempts(RetrySchedule schedule, Clock clock, Sleeper sleeper, RandomGenerator random) {
    this.schedule = schedule;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** What became of the step. */
  sealed interface Outcome {
    /** It succeeded; {@code detail} says what it did or saw. */
    record Done(String detail) implements Outcome {}

    /** It gave up; {@code detail} says why (the last error, or out of time). */
    record Failed(String detail) implements Outcome {}

    /** A newer epoch holds the baton: stop, make no further call. */
    record Fenced(String reason) implements Outcome {}
  }

  /** Called before each attempt, with the attempt's number and the previous attempt's error. */
  @FunctionalInterface
  interface BeforeAttempt {
    void attempt(int number, String previousError);
  }

  Outcome run(
      String step,
      Fence fence,
      TimeBudget budget,
      BeforeAttempt beforeAttempt,
      Supplier<String> action) {
    RetryPolicy<String> policy =
        RetryPolicy.<String>builder()
            .handleIf(StepAttempts::retryable)
            .withMaxAttempts(schedule.maxAttempts())
            .withDelayFn(context -> delay(context.getAttemptCount(), context.getLastException()))
            .build();
    Execution<String> execution = Execution.of(policy);
    String previousError = null;
    int attempt = 0;
    while (true) {
      // A fence check that cannot read the baton is a failed attempt (retried, then FAILED and
      // resumable), never a reason to stop as if superseded: issue 13, finding 4.
      RuntimeException fenceFailure = null;
      try {
        Optional<String> stop = fence.stopReason();
        if (stop.isPresent()) {
          return new Outcome.Fenced(stop.get());
        }
      } catch (RuntimeException e) {
        fenceFailure = e;
      }
      if (budget.remaining().compareTo(schedule.reserve()) <= 0) {
        return new Outcome.Failed(
            outOfTime(attempt, previousError, "no time left for another attempt"));
      }
      attempt++;
      beforeAttempt.attempt(attempt, previousError);
      RuntimeException failure;
      try {
        if (fenceFailure != null) {
          throw fenceFailure;
        }
        String detail = action.get();
        execution.recordResult(detail);
        return new Outcome.Done(detail);
      } catch (RuntimeException e) {
        failure = e;
        execution.recordException(e);
      }
      previousError = describe(failure);
      if (execution.isComplete()) {
        String why =
            retryable(failure)
                ? "gave up after " + attempt + " attempts: " + previousError
                : "failed permanently on attempt " + attempt + ": " + previousError;
        LOG.warn("step {}: {}", step, why);
        return new Outcome.Failed(why);
      }
      Duration delay = execution.getDelay();
      if (delay.plus(schedule.reserve()).compareTo(budget.remaining()) >= 0) {
        return new Outcome.Failed(
            outOfTime(attempt, previousError, "the next attempt would start after " + delay));
      }
      LOG.info(
          "step {}: attempt {} failed ({}); retrying in {} ms",
          step,
          attempt,
          previousError,
          delay.toMillis());
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome.Failed("interrupted while waiting to retry after: " + previousError);
      }
    }
  }

  /** The routers' branches share the jitter source, which need not be thread-safe. */
  private Duration delay(int failedAttempts, Throwable failure) {
    synchronized (random) {
      return schedule.delayAfter(failedAttempts, retryAfter(failure), random);
    }
  }

  private String outOfTime(int attempts, String previousError, String what) {
    String why =
        "out of time after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + " ("
            + what
            + ", past the function's time budget)"
            + (previousError == null ? "" : ": " + previousError);
    LOG.warn("{} at {}", why, clock.instant());
    return why;
  }

  /**
   * A provider's retryable failure, or a retryable failure of Baton's own table (a fence read that
   * was throttled or timed out: issue 13, finding 4, says retry it, then fail the step).
   */
  static boolean retryable(Throwable failure) {
    return (failure instanceof ProviderException p && p.retryable())
        || (failure instanceof DependencyException d && d.retryable());
  }

  private static Optional<Duration> retryAfter(Throwable failure) {
    return failure instanceof ProviderException p ? p.retryAfter() : Optional.empty();
  }

  /** The failure in one line; provider messages never carry credentials (ProviderException). */
  static String describe(Throwable failure) {
    String message = failure.getMessage();
    if (failure instanceof ProviderException) {
      return message;
    }
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
