package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.DRAINING;
import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.STALE;
import static dev.baton.testing.TestFleet.baton;
import static dev.baton.testing.TestFleet.beat;
import static dev.baton.testing.TestFleet.topology;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Heartbeat;
import dev.baton.domain.InstanceKey;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.RegionHealth;
import dev.baton.observability.MetricNames;
import dev.baton.port.HeartbeatStore;
import dev.baton.testing.TestFleet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweeper's run of the fleet monitor: judged from the table alone, stale beats marked. */
class FleetMonitorSweepTest {
  private final MonitorHarness fleet = new MonitorHarness(topology("nyc1", "ams3"));

  FleetMonitorSweepTest() {
    fleet.batons.put(baton("nyc1", 2));
  }

  @Test
  void everyRegionSilentRaisesObserverSuspectAndRequestsNothing() {
    fleet.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, 10, fleet.now()));
    fleet.heartbeats.put(beat("ams3", "ams3-a", HEALTHY, 20, fleet.now()));

    for (int t = 60; t <= 180; t += 60) {
      fleet.at(t);
      fleet.monitor.sweep();
    }

    assertThat(fleet.metrics.sum(MetricNames.OBSERVER_SUSPECT)).isEqualTo(3);
    assertThat(fleet.invoker.requests()).isEmpty();
    assertThat(fleet.audit.entries("alarm"))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("observer"));
  }

  @Test
  void aSilentActiveRegionIsFailedOverByTheSweeperAlone() {
    fleet.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, 10, fleet.now()));
    for (int t = 0; t <= 100; t += 5) {
      fleet.at(t);
      fleet.heartbeats.put(beat("ams3", "ams3-a", HEALTHY, 100 + t, fleet.now()));
      if (t % 30 == 0) {
        fleet.monitor.sweep();
      }
    }

    // nyc1's last beat is from 0 s: the first sweep after the startup grace (30 s) finds it
    // silent for longer than failAfter. The fake promotion function never moves the baton, so the
    // request is sent again a minute later.
    assertThat(fleet.invoker.sent())
        .extracting(s -> s.at().getEpochSecond() - TestFleet.T0.getEpochSecond())
        .containsExactly(30L, 90L);
    assertThat(fleet.invoker.requests(PromotionRequest.AutoFailover.class))
        .allSatisfy(r -> assertThat(r.from() + "->" + r.to()).isEqualTo("nyc1->ams3"));
    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
  }

  @Test
  void staleBeatsAreMarkedStaleButDrainingAndFreshOnesAreNot() {
    fleet.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, 10, fleet.now()));
    fleet.heartbeats.put(beat("nyc1", "nyc1-b", DRAINING, 11, fleet.now()));
    fleet.at(30);
    fleet.heartbeats.put(beat("ams3", "ams3-a", HEALTHY, 20, fleet.now()));

    SweepReport report = fleet.monitor.sweep();

    assertThat(report.markedStale()).isEqualTo(1);
    assertThat(fleet.heartbeats.get("nyc1", "nyc1-a").status()).isEqualTo(STALE);
    assertThat(fleet.heartbeats.get("nyc1", "nyc1-a").seq())
        .as("the agent's seq is kept")
        .isEqualTo(10);
    assertThat(fleet.heartbeats.get("nyc1", "nyc1-b").status()).isEqualTo(DRAINING);
    assertThat(fleet.heartbeats.get("ams3", "ams3-a").status()).isEqualTo(HEALTHY);
    assertThat(fleet.metrics.sum(MetricNames.HEARTBEATS_MARKED_STALE)).isEqualTo(1);
  }

  @Test
  void aBeatThatArrivesBetweenTheReadAndTheMarkIsNotOverwritten() {
    MonitorHarness racing = new MonitorHarness(topology("nyc1", "ams3"));
    HeartbeatStore agentWritesDuringTheSweep =
        new HeartbeatStore() {
          @Override
          public List<Heartbeat> loadFleet(List<String> regions) {
            List<Heartbeat> read = racing.heartbeats.loadFleet(regions);
            racing.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, 11, racing.now()));
            return read;
          }

          @Override
          public boolean markStale(InstanceKey instance, long seq, Instant now) {
            return racing.heartbeats.markStale(instance, seq, now);
          }
        };
    FleetMonitor monitor =
        new FleetMonitor(
            topology("nyc1", "ams3"),
            new MonitorPorts(
                agentWritesDuringTheSweep,
                racing.states,
                racing.batons,
                racing.audit,
                racing.invoker,
                racing.metrics),
            racing.clock,
            "baton:stale-sweeper",
            java.time.Duration.ofMinutes(1));
    racing.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, 10, racing.now()));
    racing.at(30);

    SweepReport report = monitor.sweep();

    assertThat(report.markedStale()).isZero();
    assertThat(report.overtaken()).isEqualTo(1);
    assertThat(racing.heartbeats.get("nyc1", "nyc1-a").status()).isEqualTo(HEALTHY);
    assertThat(racing.heartbeats.get("nyc1", "nyc1-a").seq()).isEqualTo(11);
  }

  @Test
  void aRestartForgetsTheViewAndWaitsOutTheStartupGraceAgain() {
    fleet.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, 10, fleet.now()));
    fleet.heartbeats.put(beat("ams3", "ams3-a", HEALTHY, 20, fleet.now()));
    fleet.at(60);
    fleet.monitor.sweep();
    assertThat(fleet.metrics.sum(MetricNames.OBSERVER_SUSPECT)).isEqualTo(1);

    fleet.at(70);
    fleet.monitor.restart();
    fleet.at(80);
    fleet.monitor.sweep();

    assertThat(fleet.monitor.startedAt()).isEqualTo(fleet.now().minusSeconds(10));
    assertThat(fleet.metrics.sum(MetricNames.OBSERVER_SUSPECT))
        .as("within the grace after the restart nothing is judged")
        .isEqualTo(1);
  }

  @Test
  void primingReadsButNeverWrites() {
    fleet.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, 10, fleet.now()));
    fleet.at(60);

    fleet.monitor.prime();

    assertThat(fleet.batons.reads()).isEqualTo(1);
    assertThat(fleet.heartbeats.loads()).isEqualTo(1);
    assertThat(fleet.states.saved()).isEmpty();
    assertThat(fleet.audit.entries()).isEmpty();
    assertThat(fleet.invoker.requests()).isEmpty();
    assertThat(fleet.metrics.points()).isEmpty();
    assertThat(fleet.heartbeats.get("nyc1", "nyc1-a").status()).isEqualTo(HEALTHY);
  }
}
