package dev.baton.drill.invariants;

import java.time.Duration;
import java.util.Objects;

/**
 * An invariant broken during a run.
 *
 * @param invariant its name, e.g. {@code single-active} (docs/simulation.md lists them)
 * @param at when it broke, from the run's start
 * @param detail what happened, one sentence a person can act on
 */
public record Violation(String invariant, Duration at, String detail) {
  public Violation {
    Objects.requireNonNull(invariant, "invariant");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return invariant + " at " + at.toMillis() + " ms: " + detail;
  }
}
