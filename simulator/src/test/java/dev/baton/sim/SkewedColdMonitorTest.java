package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.RegionHealth;
import dev.baton.domain.Timings;
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
    // Cold starts before and during the outage: each re-reads the table and restarts the startup
    // grace (observing only), so the request may wait for the last grace to end.
    int[] coldStarts = {30, 45, 65};
    for (int t : coldStarts) {
      sim.at(
          Duration.ofSeconds(t), "stream function cold start", Simulation::restartStreamFunction);
    }

    sim.runUntil(Duration.ofSeconds(150));

    Timings timings = sim.spec().topology().timings();
    Duration detected = Duration.ofSeconds(60).plus(timings.worstCaseDetection());
    Duration graceEnds = Duration.ofSeconds(65).plus(timings.startupGrace());
    assertThat(sim.promotionRequests()).isNotEmpty();
    assertThat(sim.promotionRequests().get(0).requestedAt())
        .isLessThanOrEqualTo(
            (detected.compareTo(graceEnds) > 0 ? detected : graceEnds).plus(Duration.ofSeconds(3)));
    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    assertThat(sim.failures()).isEmpty();
  }
}
