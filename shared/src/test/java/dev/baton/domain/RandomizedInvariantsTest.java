package dev.baton.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random event sequences over 2 to 5 regions ({@link FleetSimulation}), checking the
 * invariants of docs/architecture.md after every step: one active region per epoch, epochs only
 * increase, the baton is never empty, no promotion into a region that is not HEALTHY unless forced
 * by hand, no automatic failback (an automatic promotion only ever leaves an UNHEALTHY active
 * region for the best HEALTHY one), no promotion or freeze while every region is down, nothing
 * during startup grace, and every health change follows the table and is persisted.
 *
 * <p>The run prints its seed. To rerun exactly the same sequences: {@code mvn -B -q -pl shared -am
 * verify -DskipITs -Dtest=RandomizedInvariantsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbaton.seed=N}; {@code -Dbaton.sequences=N} changes how many (default 10,000). See {@code
 * docs/testing.md}.
 */
class RandomizedInvariantsTest {
  private static final int STEPS = 40;

  @Test
  void invariantsHoldOverRandomEventSequences() {
    long seed = Long.getLong("baton.seed", new SplittableRandom().nextLong());
    int sequences = Integer.getInteger("baton.sequences", 10_000);
    System.out.println(
        "RandomizedInvariantsTest seed="
            + seed
            + " sequences="
            + sequences
            + " (rerun with -Dbaton.seed="
            + seed
            + ")");
    SplittableRandom master = new SplittableRandom(seed);
    FleetSimulation.Tally tally = new FleetSimulation.Tally();
    for (int i = 0; i < sequences; i++) {
      long sequenceSeed = master.nextLong();
      FleetSimulation simulation = new FleetSimulation(sequenceSeed, tally);
      try {
        for (int s = 0; s < STEPS; s++) {
          simulation.step();
        }
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "invariant broken in sequence "
                + i
                + " of seed "
                + seed
                + " (rerun with -Dbaton.seed="
                + seed
                + "): "
                + e.getMessage()
                + "\nlast events:\n"
                + simulation.trace(),
            e);
      }
    }
    System.out.printf(
        "RandomizedInvariantsTest: %d steps, %d evaluations, %d automatic / %d manual (%d forced)"
            + " promotions, %d not acting, %d rejected, %d freezes, %d all-down evaluations%n",
        tally.steps,
        tally.evaluations,
        tally.automaticPromotions,
        tally.manualPromotions,
        tally.forcedPromotions,
        tally.notActing,
        tally.rejected,
        tally.freezes,
        tally.allDownEvaluations);
    // A run that never exercised the rules would prove nothing.
    assertThat(tally.automaticPromotions).isPositive();
    assertThat(tally.forcedPromotions).isPositive();
    assertThat(tally.allDownEvaluations).isPositive();
    assertThat(tally.notActing).isPositive();
  }
}
