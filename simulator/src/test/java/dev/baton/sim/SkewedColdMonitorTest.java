package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.RegionHealth;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, finding 6: skew must be handled wherever the monitor judges freshness, including when
 * its view comes from the table rather than the stream (a cold stream container, the sweeper).
 * nyc1's droplets run 40 s behind and 40 s ahead, ams3's 20 s behind, and the stream function
 * restarts cold every 7 s, so its view is re-read from the table again and again.
 */
class SkewedColdMonitorTest {
  private static final long SEED = 20261205L;

  @Test
  void skewedClocksMoveNothingEvenWhenTheMonitorKeepsStartingCold() {
    System.out.println("SkewedColdMonitorTest seed " + SEED);
    Simulation sim = Topologies.twoRegionSimulation(SEED);
    sim.at(
        Duration.ofSeconds(25),
        "skew every clock",
        s -> {
          s.droplets("nyc1").get(0).skewClock(Duration.ofSeconds(-40));
          s.droplets("nyc1").get(1).skewClock(Duration.ofSeconds(40));
          s.droplets("ams3").forEach(d -> d.skewClock(Duration.ofSeconds(-20)));
        });
    for (int t = 30; t < 180; t += 7) {
      sim.at(
          Duration.ofSeconds(t), "stream function cold start", Simulation::restartStreamFunction);
    }

    sim.runUntil(Duration.ofSeconds(180));

    assertThat(sim.promotionRequests()).as("no failover with nothing down").isEmpty();
    assertThat(sim.baton().orElseThrow().epoch()).isEqualTo(1);
    assertThat(sim.regionStates().get("nyc1").health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(sim.regionStates().get("ams3").health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(sim.activeRegions()).containsExactly("nyc1");
    assertThat(sim.failures()).isEmpty();
  }

  @Test
  void aDeadRegionIsStillFailedOverWhenItsClocksWereAheadAndTheMonitorStartsCold() {
    System.out.println("SkewedColdMonitorTest seed " + SEED);
    Simulation sim = Topologies.twoRegionSimulation(SEED);
    sim.at(
        Duration.ofSeconds(25),
        "nyc1's clocks run 40 s ahead",
        s -> s.droplets("nyc1").forEach(d -> d.skewClock(Duration.ofSeconds(40))));
    sim.at(Duration.ofSeconds(60), "stop every app of nyc1", s -> s.stopApps("nyc1"));
    for (int t = 30; t < 150; t += 7) {
      sim.at(
          Duration.ofSeconds(t), "stream function cold start", Simulation::restartStreamFunction);
    }

    sim.runUntil(Duration.ofSeconds(150));

    assertThat(sim.promotionRequests()).isNotEmpty();
    assertThat(sim.promotionRequests().get(0).requestedAt())
        .isLessThanOrEqualTo(
            Duration.ofSeconds(60)
                .plus(sim.spec().topology().timings().worstCaseDetection())
                .plus(Duration.ofSeconds(8)));
    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    assertThat(sim.failures()).isEmpty();
  }
}
