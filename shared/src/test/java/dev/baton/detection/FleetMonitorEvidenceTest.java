package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static dev.baton.testing.TestFleet.T0;
import static dev.baton.testing.TestFleet.baton;
import static dev.baton.testing.TestFleet.topology;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the monitor keeps the evidence behind {@code lastUpAt} (docs/architecture.md) when beats
 * arrive more often than the heartbeat interval (two instances per region), when the view is
 * re-read from the table, and when the stream delivers a late batch that spans an up period. Each
 * case is one a real fleet produces; each used to end in a failover of a region that was up.
 */
class FleetMonitorEvidenceTest {
  /** Default timings (beat 5 s, fail 15 s, grace 20 s); the view is re-read every beat. */
  private final MonitorHarness fleet =
      new MonitorHarness(topology("nyc1", "ams3"), Duration.ofSeconds(5));

  FleetMonitorEvidenceTest() {
    fleet.batons.put(baton("nyc1", 1));
  }

  /**
   * Two instances per region, each beating every 5 s, the second 2.5 s after the first: one batch
   * every 2.5 s, as Lambda delivers them. nyc1's instances report {@code nyc1a} and {@code nyc1b}.
   */
  private void beatEvery2500ms(
      double from, double to, HeartbeatStatus nyc1a, HeartbeatStatus nyc1b) {
    for (double t = from; t <= to; t += 2.5) {
      fleet.at(t);
      boolean first = Math.round(t * 10) % 50 == 0;
      fleet.deliver(
          first ? fleet.beats("nyc1", "nyc1-a", nyc1a) : fleet.beats("nyc1", "nyc1-b", nyc1b),
          fleet.beats("ams3", first ? "ams3-a" : "ams3-b", HEALTHY));
    }
  }

  @Test
  void theStoredLastUpAtFollowsBeatsThatArriveMoreOftenThanTheHeartbeatInterval() {
    beatEvery2500ms(0, 60, HEALTHY, HEALTHY);

    RegionState stored = fleet.states.get("nyc1");
    assertThat(stored).as("nyc1's state is stored once the startup grace ends").isNotNull();
    assertThat(stored.lastUpAt())
        .as(
            "the sweeper and every other monitor judge from the stored lastUpAt: it may lag the"
                + " beats by at most a heartbeat interval")
        .isAfterOrEqualTo(T0.plusSeconds(55));
  }

  @Test
  void failAfterCountsFromTheLastUpBeatNotFromAnOlderStoredOne() {
    beatEvery2500ms(0, 62.5, HEALTHY, HEALTHY);
    // From 65 s both instances report UNHEALTHY (agents without upUntil). nyc1-a was last HEALTHY
    // at 60 s, nyc1-b at 62.5 s: each counts as up until midway to its first UNHEALTHY beat, 62.5 s
    // and 63.75 s, so nyc1 (both needed) was last up at 62.5 s and becomes UNHEALTHY failAfter
    // later, at 77.5 s.
    beatEvery2500ms(65, 90, UNHEALTHY, UNHEALTHY);

    assertThat(fleet.audit.entries("region-transition"))
        .extracting(e -> e.details().get("to") + "@" + (e.at().toEpochMilli() - T0.toEpochMilli()))
        .containsExactly("SUSPECT@65000", "UNHEALTHY@77500");
    assertThat(fleet.invoker.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.at()).isEqualTo(T0.plusMillis(77_500)));
  }

  @Test
  void anUpPeriodInsideOneLateBatchCountsAsUp() {
    beatEvery2500ms(0, 30, HEALTHY, HEALTHY);
    beatEvery2500ms(32.5, 35, UNHEALTHY, UNHEALTHY);
    // The app is back from about 36 s to 41 s. The stream lags: the beats of the up period reach
    // the monitor in one batch, together with the first beat of the next outage.
    List<DynamodbStreamRecord> late = new ArrayList<>();
    fleet.at(37.5);
    late.add(fleet.beats("nyc1", "nyc1-b", HEALTHY));
    late.add(fleet.beats("ams3", "ams3-b", HEALTHY));
    fleet.at(40);
    late.add(fleet.beats("nyc1", "nyc1-a", HEALTHY));
    late.add(fleet.beats("ams3", "ams3-a", HEALTHY));
    fleet.at(42.5);
    late.add(fleet.beats("nyc1", "nyc1-b", UNHEALTHY));
    late.add(fleet.beats("ams3", "ams3-b", HEALTHY));
    fleet.at(44);
    fleet.deliver(late.toArray(DynamodbStreamRecord[]::new));
    beatEvery2500ms(45, 50, UNHEALTHY, UNHEALTHY);

    assertThat(fleet.invoker.requests(PromotionRequest.AutoFailover.class))
        .as("nyc1 was up at 40 s (both instances had reported HEALTHY since 37.5 s)")
        .isEmpty();
    // nyc1-b counts as up until midway between its HEALTHY beat at 37.5 s and its UNHEALTHY one
    // at 42.5 s; nyc1-a until 42.5 s, when the census was taken.
    assertThat(fleet.states.get("nyc1").lastUpAt()).isEqualTo(T0.plusSeconds(40));

    beatEvery2500ms(52.5, 55, UNHEALTHY, UNHEALTHY);
    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(fleet.invoker.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.at()).isEqualTo(T0.plusSeconds(55)));
  }

  @Test
  void aReReadOfTheTableKeepsEvidenceTheMonitorHasNotStoredYet() {
    // One instance per region, a beat a second, the table re-read every second: the stored state
    // is refreshed when lastUpAt has moved a heartbeat interval (5 s), so it lags the beats.
    MonitorHarness rare = new MonitorHarness(topology("nyc1", "ams3"), Duration.ofSeconds(1));
    rare.batons.put(baton("nyc1", 1));
    for (double t = 0; t <= 33; t += 1) {
      rare.at(t);
      rare.deliver(rare.beats("nyc1", "nyc1-a", HEALTHY), rare.beats("ams3", "ams3-a", HEALTHY));
    }
    RegionState before = rare.states.get("nyc1");
    rare.at(34);
    rare.deliver(rare.beats("nyc1", "nyc1-a", UNHEALTHY), rare.beats("ams3", "ams3-a", HEALTHY));

    assertThat(rare.states.get("nyc1").health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(rare.states.get("nyc1").lastUpAt())
        .as(
            "last up midway between the HEALTHY beat at 33 s and the UNHEALTHY one at 34 s, though"
                + " the table (re-read every second) said %s",
            before.lastUpAt())
        .isEqualTo(T0.plusMillis(33_500));
  }
}
