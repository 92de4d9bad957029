package dev.baton.domain;

import static dev.baton.domain.Fixtures.at;
import static dev.baton.domain.Fixtures.baton;
import static dev.baton.domain.Fixtures.state;
import static dev.baton.domain.Fixtures.topology;
import static dev.baton.domain.HeartbeatStatus.DEGRADED;
import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Action.RaiseAlarm;
import dev.baton.domain.Action.RequestPromotion;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, finding 11: {@code OBSERVER_SUSPECT} means no evidence arrives (no fresh beat from any
 * region); every region down while beats arrive is {@code TOTAL_OUTAGE}, raised at once with each
 * region's reason.
 */
class TotalOutageTest {
  private static final Instant NOW = at(3600);

  private final Evaluator evaluator = new Evaluator(topology("nyc1", "ams3"));
  private final FleetView fleet = new FleetView();
  private final Map<String, RegionState> states = new HashMap<>();
  private long seq = 1;

  private void beats(String region, String instance, HeartbeatStatus status, Instant at) {
    boolean ok = status.countsAsUp();
    fleet.apply(
        new Heartbeat(
            region,
            instance,
            status,
            seq++,
            at,
            Map.of("app", new Check(ok, 12, ok ? "HTTP 200" : "HTTP 503")),
            "test",
            null));
  }

  private void healthyUntilNow(String region) {
    states.put(region, state(region, RegionHealth.HEALTHY, at(0), NOW.minusSeconds(5), at(0)));
  }

  private Evaluation evaluate() {
    return evaluator.evaluate(fleet, states, baton("nyc1", 4), NOW, at(0));
  }

  private static RaiseAlarm onlyAlarm(Evaluation e) {
    assertThat(e.actions(RequestPromotion.class)).isEmpty();
    assertThat(e.actions(RaiseAlarm.class)).hasSize(1);
    return e.actions(RaiseAlarm.class).get(0);
  }

  @Test
  void everyRegionReportingItselfDownIsATotalOutageAtOnceNotAfterFailAfter() {
    healthyUntilNow("nyc1");
    healthyUntilNow("ams3");
    beats("nyc1", "nyc1-a", UNHEALTHY, NOW.minusSeconds(1));
    beats("nyc1", "nyc1-b", UNHEALTHY, NOW.minusSeconds(2));
    beats("ams3", "ams3-a", UNHEALTHY, NOW.minusSeconds(1));

    Evaluation e = evaluate();

    assertThat(e.regions().get("nyc1").health())
        .as("only SUSPECT yet: the alarm does not wait for UNHEALTHY")
        .isEqualTo(RegionHealth.SUSPECT);
    RaiseAlarm alarm = onlyAlarm(e);
    assertThat(alarm.alarm()).isEqualTo(Alarm.TOTAL_OUTAGE);
    assertThat(alarm.reason())
        .contains(
            "nyc1: 0 of 2 instances up (2 needed), reported down by nyc1-a UNHEALTHY (app: HTTP"
                + " 503), nyc1-b UNHEALTHY (app: HTTP 503)")
        .contains("ams3: 0 of 1 instance up (1 needed), reported down by ams3-a UNHEALTHY");
  }

  @Test
  void noFreshBeatFromAnyRegionIsObserverSuspect() {
    healthyUntilNow("nyc1");
    healthyUntilNow("ams3");
    beats("nyc1", "nyc1-a", HEALTHY, NOW.minusSeconds(13));
    beats("ams3", "ams3-a", UNHEALTHY, NOW.minusSeconds(30));

    RaiseAlarm alarm = onlyAlarm(evaluate());

    assertThat(alarm.alarm()).isEqualTo(Alarm.OBSERVER_SUSPECT);
    assertThat(alarm.reason()).contains("no fresh beat arrives").contains("suspect the observer");
  }

  @Test
  void oneRegionReportingDownAndTheOtherSilentIsATotalOutageNamingTheSilentOne() {
    healthyUntilNow("nyc1");
    healthyUntilNow("ams3");
    beats("nyc1", "nyc1-a", UNHEALTHY, NOW.minusSeconds(1));
    beats("ams3", "ams3-a", HEALTHY, NOW.minusSeconds(20));

    RaiseAlarm alarm = onlyAlarm(evaluate());

    assertThat(alarm.alarm()).isEqualTo(Alarm.TOTAL_OUTAGE);
    assertThat(alarm.reason())
        .contains("nyc1: 0 of 1 instance up (1 needed), reported down by nyc1-a UNHEALTHY")
        .contains("ams3: 0 of 1 instance up (1 needed), 1 stale, silent (no fresh beat)");
  }

  @Test
  void aRegionUpIsNeitherAnOutageNorAnObserverProblem() {
    healthyUntilNow("nyc1");
    healthyUntilNow("ams3");
    beats("nyc1", "nyc1-a", UNHEALTHY, NOW.minusSeconds(1));
    beats("ams3", "ams3-a", DEGRADED, NOW.minusSeconds(1));

    Evaluation e = evaluate();

    assertThat(e.actions(RaiseAlarm.class)).isEmpty();
  }

  @Test
  void aLongListOfInstancesReportingDownIsCutShort() {
    healthyUntilNow("nyc1");
    healthyUntilNow("ams3");
    for (int i = 1; i <= Evaluator.OUTAGE_INSTANCES_NAMED + 2; i++) {
      beats("nyc1", "nyc1-" + i, UNHEALTHY, NOW.minusSeconds(1));
    }
    beats("ams3", "ams3-a", UNHEALTHY, NOW.minusSeconds(1));

    RaiseAlarm alarm = onlyAlarm(evaluate());

    assertThat(alarm.reason()).contains("nyc1-3 UNHEALTHY (app: HTTP 503) and 2 more");
    assertThat(alarm.reason()).doesNotContain("nyc1-4");
  }
}
