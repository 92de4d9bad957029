package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How fast the simulator runs: ten minutes of a 3 x 3 fleet (wall time printed, not asserted). */
class ThroughputSmokeTest {
  private static final long SEED = 3L;

  @Test
  void tenMinutesOfAThreeRegionFleetOfThreeInstancesEach() {
    System.out.println("ThroughputSmokeTest seed " + SEED);
    long started = System.nanoTime();
    Simulation sim =
        Simulation.builder(Topologies.threeRegions())
            .home("us-east-2")
            .instancesPerRegion(3)
            .seed(SEED)
            .build();
    sim.at(Duration.ofMinutes(3), "stop every app of nyc1", s -> s.stopApps("nyc1"));
    sim.runUntil(Duration.ofMinutes(10));
    long wallMillis = (System.nanoTime() - started) / 1_000_000;

    System.out.printf(
        "simulated 10 min of 3 regions x 3 instances in %d ms wall time: %d steps, %d stream"
            + " batches, %d records, %d observations%n",
        wallMillis,
        sim.steps(),
        sim.streamMapping().batchesDelivered(),
        sim.streamMapping().recordsDelivered(),
        sim.observations().all().size());
    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    assertThat(sim.failures()).isEmpty();
  }
}
