package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.testing.TestFleet.baton;
import static dev.baton.testing.TestFleet.beat;
import static dev.baton.testing.TestFleet.topology;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Heartbeat;
import dev.baton.domain.RegionHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Beats the sweeper (or a cold stream container) reads from the table carry no stream time (issue
 * 13, finding 6). A beat dated in the future by more than maxClockSkew comes from a clock that is
 * ahead; it must neither keep a dead instance alive until its future date nor pass unnoticed.
 */
class FutureDatedBeatsTest {
  private final MonitorHarness fleet = new MonitorHarness(topology("nyc1", "ams3"));

  FutureDatedBeatsTest() {
    fleet.batons.put(baton("nyc1", 1));
  }

  private void beats(long seq, boolean withAhead) {
    fleet.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, seq, fleet.now()));
    fleet.heartbeats.put(beat("ams3", "ams3-a", HEALTHY, seq, fleet.now()));
    if (withAhead) {
      // nyc1-b's clock runs 40 s ahead (an agent from before the authority clock).
      fleet.heartbeats.put(
          beat("nyc1", "nyc1-b", HEALTHY, seq, fleet.now().plus(Duration.ofSeconds(40))));
    }
  }

  private SweepReport sweep() {
    return new StaleHeartbeatSweep(fleet.monitor, List::of, fleet.metrics).run().sweep();
  }

  @Test
  void aLivingInstanceWithAClockAheadCountsAsUpAndIsReportedSkewed() {
    fleet.at(30);
    beats(1, true);

    SweepReport report = sweep();

    assertThat(report.regions()).containsEntry("nyc1", RegionHealth.HEALTHY);
    assertThat(report.summary()).contains("nyc1-b: clock-skew");
  }

  @Test
  void aDeadInstanceWithAClockAheadIsStaleOnceItsFirstSightingIsOld() {
    fleet.at(30);
    beats(1, true);
    sweep();
    // nyc1-b dies; nyc1-a keeps beating. 20 s later nyc1-b's last beat is still dated 20 s in
    // the future, but this monitor first saw it 20 s ago (> staleAfter 12 s): nyc1 has lost its
    // quorum (2 of 2 needed).
    fleet.at(50);
    beats(2, false);

    SweepReport report = sweep();

    assertThat(report.regions().get("nyc1")).isNotEqualTo(RegionHealth.HEALTHY);
    assertThat(report.summary()).contains("1 stale");
  }

  @Test
  void onlyBeatsDatedBeyondTheToleranceGetAnObservationTime() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Heartbeat within = beat("nyc1", "a", HEALTHY, 1, now.plusSeconds(5));
    Heartbeat beyond = beat("nyc1", "b", HEALTHY, 1, now.plusSeconds(6));
    Heartbeat past = beat("nyc1", "c", HEALTHY, 1, now.minusSeconds(60));

    List<Heartbeat> judged =
        FleetMonitor.futureDatedSeenNow(List.of(within, beyond, past), now, Duration.ofSeconds(5));

    assertThat(judged).extracting(Heartbeat::observedAt).containsExactly(null, now, null);
  }
}
