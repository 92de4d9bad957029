package dev.baton.promotion;

import java.time.Duration;

/**
 * How long the current invocation may still run (AWS: the Lambda context's remaining time). The
 * saga never starts an attempt or a wait that would end past it.
 */
@FunctionalInterface
public interface TimeBudget {
  Duration remaining();

  /** No limit (the local stack, tools). */
  static TimeBudget unlimited() {
    return () -> Duration.ofDays(1);
  }
}
