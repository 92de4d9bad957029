package dev.baton.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The region health state machine of docs/architecture.md, as one table of transitions. The
 * evaluator applies it, the README's diagram is generated from it ({@link #mermaid()}), and a test
 * checks it is well formed (every state reachable, never two rows firing for the same input).
 *
 * <p>Reason placeholders: {@code region}, {@code census} (counts), {@code lastUpAt}, {@code
 * downFor}, {@code failAfter}, {@code failAt}, {@code upSince}, {@code recoverAfter}, {@code
 * recoverAt}.
 */
public final class RegionHealthMachine {

  /** The table. Order does not matter: at most one row fires for a state and a sample. */
  public static final List<HealthTransition> TRANSITIONS =
      List.of(
          new HealthTransition(
              RegionHealth.HEALTHY,
              RegionHealth.SUSPECT,
              HealthGuard.SAMPLE_DOWN,
              "{region} is SUSPECT: {census}; last up at {lastUpAt}, it becomes UNHEALTHY if"
                  + " still down at {failAt}."),
          new HealthTransition(
              RegionHealth.SUSPECT,
              RegionHealth.HEALTHY,
              HealthGuard.SAMPLE_UP,
              "{region} is HEALTHY again: {census}, back within failAfter ({failAfter})."),
          new HealthTransition(
              RegionHealth.SUSPECT,
              RegionHealth.UNHEALTHY,
              HealthGuard.DOWN_FOR_FAIL_AFTER,
              "{region} is UNHEALTHY: {census}, and not up since {lastUpAt}, {downFor} ago"
                  + " (failAfter {failAfter})."),
          new HealthTransition(
              RegionHealth.UNHEALTHY,
              RegionHealth.RECOVERING,
              HealthGuard.SAMPLE_UP,
              "{region} is RECOVERING: {census}; it becomes HEALTHY if it stays up until"
                  + " {recoverAt}."),
          new HealthTransition(
              RegionHealth.RECOVERING,
              RegionHealth.UNHEALTHY,
              HealthGuard.SAMPLE_DOWN,
              "{region} is UNHEALTHY again: {census}, before staying up for recoverAfter"
                  + " ({recoverAfter})."),
          new HealthTransition(
              RegionHealth.RECOVERING,
              RegionHealth.HEALTHY,
              HealthGuard.UP_FOR_RECOVER_AFTER,
              "{region} is HEALTHY: {census}, up without a break since {upSince} (recoverAfter"
                  + " {recoverAfter})."));

  /** The state of a region the monitor has never judged (see {@link RegionState#initial}). */
  public static final RegionHealth INITIAL = RegionHealth.HEALTHY;

  private RegionHealthMachine() {}

  /**
   * The row that fires for a region in {@code current} with {@code sample}, if any.
   *
   * @throws IllegalStateException when two rows fire: the table is malformed
   */
  public static Optional<HealthTransition> step(RegionHealth current, RegionSample sample) {
    HealthTransition fired = null;
    for (HealthTransition t : TRANSITIONS) {
      if (t.fires(current, sample)) {
        if (fired != null) {
          throw new IllegalStateException(
              "two transitions fire from " + current + ": to " + fired.to() + " and " + t.to());
        }
        fired = t;
      }
    }
    return Optional.ofNullable(fired);
  }

  /**
   * Every row that fires in turn from {@code current}, until none does: a region evaluated rarely
   * (the minute-by-minute sweeper) may go HEALTHY -> SUSPECT -> UNHEALTHY in one evaluation.
   */
  public static List<HealthTransition> run(RegionHealth current, RegionSample sample) {
    List<HealthTransition> fired = new ArrayList<>();
    RegionHealth state = current;
    // A chain can never be longer than the table; a longer one would be a cycle, i.e. a bug.
    for (int i = 0; i <= TRANSITIONS.size(); i++) {
      Optional<HealthTransition> next = step(state, sample);
      if (next.isEmpty()) {
        return fired;
      }
      fired.add(next.get());
      state = next.get().to();
    }
    throw new IllegalStateException("transitions cycle from " + current + ": " + fired);
  }

  /** The table as a Mermaid {@code stateDiagram-v2}, for the README. */
  public static String mermaid() {
    StringBuilder out = new StringBuilder();
    out.append("```mermaid\n");
    out.append("stateDiagram-v2\n");
    out.append("    [*] --> ").append(INITIAL).append('\n');
    for (HealthTransition t : TRANSITIONS) {
      out.append("    ")
          .append(t.from())
          .append(" --> ")
          .append(t.to())
          .append(": ")
          .append(t.guard().label())
          .append('\n');
    }
    out.append("```\n");
    return out.toString();
  }
}
