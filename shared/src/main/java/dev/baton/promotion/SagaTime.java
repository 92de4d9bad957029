package dev.baton.promotion;

import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Time, waiting and randomness for the promotion logic, passed in so that tests (and the planned
 * simulation (docs/architecture.md), run it deterministically.
 *
 * @param clock the current time
 * @param sleeper waits between retries
 * @param random jitter and promotion ids
 * @param retries how failing steps are retried
 * @param branches how the routers' branches are scheduled after the grant: on threads in
 *     production, {@linkplain RouterBranches#inOrder() in order} in tests and the simulation
 */
public record SagaTime(
    Clock clock,
    Sleeper sleeper,
    RandomGenerator random,
    RetrySchedule retries,
    RouterBranches branches) {
  public SagaTime {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(retries, "retries");
    Objects.requireNonNull(branches, "branches");
  }

  /** The routers' branches run one after the other on the caller's thread (deterministic). */
  public SagaTime(Clock clock, Sleeper sleeper, RandomGenerator random, RetrySchedule retries) {
    this(clock, sleeper, random, retries, RouterBranches.inOrder());
  }
}
