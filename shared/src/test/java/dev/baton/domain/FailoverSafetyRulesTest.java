package dev.baton.domain;

import static dev.baton.domain.Fixtures.*;
import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Action.FreezeBaton;
import dev.baton.domain.Action.RaiseAlarm;
import dev.baton.domain.Action.RequestPromotion;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The safety rules of docs/architecture.md, as the evaluator applies them. */
class FailoverSafetyRulesTest {
  private static final Instant NOW = at(3600);

  private final Topology topology = topology("nyc1", "ams3", "sfo3");
  private final Evaluator evaluator = new Evaluator(topology);
  private final FleetView fleet = new FleetView();
  private final Map<String, RegionState> states = new HashMap<>();
  private long seq = 1;

  /** Puts {@code region} in {@code health} with beats that keep it there at {@link #NOW}. */
  private void region(String region, RegionHealth health) {
    boolean up = health == RegionHealth.HEALTHY || health == RegionHealth.RECOVERING;
    fleet.apply(beat(region, region + "-1", up ? HEALTHY : UNHEALTHY, seq++, NOW));
    Instant lastUp = up ? NOW : NOW.minusSeconds(600);
    Instant upSince = up ? NOW.minusSeconds(health == RegionHealth.RECOVERING ? 10 : 3000) : null;
    states.put(
        region,
        new RegionState(
            region, health, NOW.minusSeconds(600), lastUp, upSince, up ? 1 : 0, 1, "test", 1));
  }

  private Evaluation evaluate(Baton baton) {
    return evaluator.evaluate(fleet, states, baton, NOW, T0);
  }

  private static RaiseAlarm onlyAlarm(Evaluation e) {
    assertThat(e.actions(RequestPromotion.class)).isEmpty();
    assertThat(e.actions(RaiseAlarm.class)).hasSize(1);
    return e.actions(RaiseAlarm.class).get(0);
  }

  @Test
  void rule1AHealthyActiveRegionIsNeverFailedOverFrom() {
    region("nyc1", RegionHealth.HEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.UNHEALTHY);

    Evaluation e = evaluate(baton("nyc1", 4));

    assertThat(e.actions(RequestPromotion.class)).isEmpty();
    assertThat(e.actions(RaiseAlarm.class)).isEmpty();
  }

  @Test
  void rule1ASuspectActiveRegionIsNotFailedOverFromYet() {
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);
    fleet.apply(beat("nyc1", "nyc1-1", UNHEALTHY, seq++, NOW));
    states.put("nyc1", state("nyc1", RegionHealth.HEALTHY, at(0), NOW.minusSeconds(5), at(0)));

    Evaluation e = evaluate(baton("nyc1", 4));

    assertThat(e.regions().get("nyc1").health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(e.actions(RequestPromotion.class)).isEmpty();
  }

  @Test
  void rule1AnUnhealthyActiveRegionIsFailedOverFromWithEvidenceAndTheCurrentEpoch() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);

    Evaluation e = evaluate(baton("nyc1", 4));

    RequestPromotion r = e.actions(RequestPromotion.class).get(0);
    assertThat(e.actions()).containsExactly(r);
    assertThat(r.request().from()).isEqualTo("nyc1");
    assertThat(r.request().to()).isEqualTo("ams3");
    assertThat(r.request().expectedEpoch()).isEqualTo(4);
    assertThat(r.request().requestedBy()).isEqualTo("baton:evaluator");
    assertThat(r.request().dryRun()).isFalse();
    assertThat(r.reason())
        .startsWith("nyc1 holds the baton (epoch 4) and is UNHEALTHY (0 of 1 instance up")
        .endsWith("failing over to ams3, the best HEALTHY region (priority 2).");
    assertThat(r.request().reason()).isEqualTo(r.reason());
    assertThat(r.request().evidence())
        .hasSize(4)
        .anySatisfy(line -> assertThat(line).startsWith("nyc1 UNHEALTHY since"))
        .anySatisfy(line -> assertThat(line).startsWith("baton: nyc1 at epoch 4, AUTO"));
  }

  @Test
  void rule1TheRequesterNameCanBeSetPerFunction() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);

    Evaluation e =
        new Evaluator(topology, "baton:stale-sweeper")
            .evaluate(fleet, states, baton("nyc1", 4), NOW, T0);

    assertThat(e.actions(RequestPromotion.class).get(0).request().requestedBy())
        .isEqualTo("baton:stale-sweeper");
  }

  @Test
  void rule2FrozenBlocksAutomaticFailoverWithAnAlarm() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);

    RaiseAlarm alarm = onlyAlarm(evaluate(frozen("nyc1", 4)));

    assertThat(alarm.alarm()).isEqualTo(Alarm.FROZEN_BLOCKED_FAILOVER);
    assertThat(alarm.reason()).contains("automation is FROZEN since " + T0 + " (frozen by test)");
  }

  @Test
  void rule3RecoveringIsNotATargetSoNoHealthyTargetIsAlarmed() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.RECOVERING);
    region("sfo3", RegionHealth.UNHEALTHY);

    RaiseAlarm alarm = onlyAlarm(evaluate(baton("nyc1", 4)));

    assertThat(alarm.alarm()).isEqualTo(Alarm.NO_HEALTHY_TARGET);
    assertThat(alarm.reason()).contains("ams3 RECOVERING").contains("sfo3 UNHEALTHY");
  }

  @Test
  void rule3TheTargetIsTheHealthyRegionWithTheBestPriority() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.RECOVERING);
    region("sfo3", RegionHealth.HEALTHY);

    Evaluation e = evaluate(baton("nyc1", 4));

    assertThat(e.actions(RequestPromotion.class).get(0).request().to()).isEqualTo("sfo3");
  }

  @Test
  void rule4EveryRegionReportingItselfDownIsATotalOutageAndTakesNoAction() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.UNHEALTHY);
    region("sfo3", RegionHealth.UNHEALTHY);

    RaiseAlarm alarm = onlyAlarm(evaluate(baton("nyc1", 4)));

    assertThat(alarm.alarm()).isEqualTo(Alarm.TOTAL_OUTAGE);
    assertThat(alarm.reason())
        .contains("a total outage rather than an observer fault")
        .contains("nyc1: 0 of 1 instance up (1 needed), reported down by nyc1-1 UNHEALTHY")
        .contains("ams3: 0 of 1 instance up")
        .contains("sfo3: 0 of 1 instance up")
        .doesNotContain("suspect the observer");
  }

  @Test
  void rule4EveryRegionSilentIsObserverSuspectEvenWhileStandbysStillLookHealthy() {
    // The stream stopped: nothing is fresh, though a standby was HEALTHY a moment ago.
    fleet.apply(beat("nyc1", "nyc1-1", UNHEALTHY, seq++, NOW.minusSeconds(13)));
    states.put("nyc1", state("nyc1", RegionHealth.UNHEALTHY, at(0), NOW.minusSeconds(600), null));
    fleet.apply(beat("ams3", "ams3-1", HEALTHY, seq++, NOW.minusSeconds(13)));
    states.put("ams3", state("ams3", RegionHealth.HEALTHY, at(0), NOW.minusSeconds(13), at(0)));
    fleet.apply(beat("sfo3", "sfo3-1", HEALTHY, seq++, NOW.minusSeconds(13)));
    states.put("sfo3", state("sfo3", RegionHealth.HEALTHY, at(0), NOW.minusSeconds(13), at(0)));

    Evaluation e = evaluate(baton("nyc1", 4));

    assertThat(onlyAlarm(e).alarm()).isEqualTo(Alarm.OBSERVER_SUSPECT);
    assertThat(onlyAlarm(e).reason())
        .startsWith("Every region looks down and no fresh beat arrives from any (nyc1: 0 of 1")
        .contains("suspect the observer");
    assertThat(e.actions(FreezeBaton.class)).isEmpty();
  }

  @Test
  void rule5CooldownSinceTheLastAutomaticPromotionBlocksWithAnAlarm() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);
    Instant last = NOW.minus(Duration.ofMinutes(9));

    RaiseAlarm alarm = onlyAlarm(evaluate(withAutoPromotions(baton("nyc1", 4), last)));

    assertThat(alarm.alarm()).isEqualTo(Alarm.COOLDOWN_BLOCKED_FAILOVER);
    assertThat(alarm.reason())
        .contains("runs until " + last.plus(Duration.ofMinutes(10)))
        .contains("minAutoPromotionGap 10m");
  }

  @Test
  void rule5AfterTheCooldownAFailoverIsRequested() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);

    Evaluation e =
        evaluate(withAutoPromotions(baton("nyc1", 4), NOW.minus(Duration.ofMinutes(10))));

    assertThat(e.actions(RequestPromotion.class)).hasSize(1);
  }

  @Test
  void rule5FlapLimitReachedFreezesTheBatonAndAlarms() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);
    Baton baton =
        withAutoPromotions(
            baton("nyc1", 4), NOW.minus(Duration.ofMinutes(50)), NOW.minus(Duration.ofMinutes(20)));

    Evaluation e = evaluate(baton);

    assertThat(e.actions(RequestPromotion.class)).isEmpty();
    assertThat(e.actions(FreezeBaton.class))
        .singleElement()
        .satisfies(f -> assertThat(f.expectedEpoch()).isEqualTo(4));
    assertThat(e.actions(RaiseAlarm.class))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.alarm()).isEqualTo(Alarm.FLAP_LIMIT_FROZEN);
              assertThat(a.reason())
                  .contains("2 automatic promotions within the last 1h")
                  .contains("(limit 2)");
            });
  }

  @Test
  void anActiveRegionUnknownToTheTopologyRaisesAnAlarmAndTakesNoAutomaticAction() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);
    // Even with the flap limit reached, an unknown active region must not freeze nor fail over.
    Baton baton =
        withAutoPromotions(
            baton("lon1", 4), NOW.minus(Duration.ofMinutes(50)), NOW.minus(Duration.ofMinutes(20)));

    Evaluation e = evaluate(baton);

    assertThat(e.actions(FreezeBaton.class)).isEmpty();
    RaiseAlarm alarm = onlyAlarm(e);
    assertThat(alarm.alarm()).isEqualTo(Alarm.ACTIVE_REGION_UNKNOWN);
    assertThat(alarm.reason())
        .isEqualTo(
            "The baton (epoch 4) names lon1 as the active region, but the topology knows only"
                + " [nyc1, ams3, sfo3]: not acting; move the baton by hand with a failback or"
                + " switchover to a known region, or fix the topology.");
  }

  @Test
  void anActiveRegionUnknownToTheTopologyIsStillAlarmedWhenEveryRegionLooksDown() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.UNHEALTHY);
    region("sfo3", RegionHealth.UNHEALTHY);

    Evaluation e = evaluate(baton("lon1", 4));

    assertThat(e.actions(RequestPromotion.class)).isEmpty();
    assertThat(e.actions(FreezeBaton.class)).isEmpty();
    assertThat(e.actions(RaiseAlarm.class))
        .extracting(RaiseAlarm::alarm)
        .containsExactly(Alarm.ACTIVE_REGION_UNKNOWN, Alarm.TOTAL_OUTAGE);
  }

  @Test
  void rule5PromotionsOlderThanTheFlapWindowDoNotCount() {
    region("nyc1", RegionHealth.UNHEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);
    Baton baton =
        withAutoPromotions(
            baton("nyc1", 4), NOW.minus(Duration.ofMinutes(61)), NOW.minus(Duration.ofMinutes(20)));

    assertThat(evaluate(baton).actions(RequestPromotion.class)).hasSize(1);
  }

  @Test
  void noAutomaticFailbackWhenTheOldActiveRegionRecovers() {
    // ams3 took over from nyc1; nyc1 is HEALTHY again and has the better priority.
    region("nyc1", RegionHealth.HEALTHY);
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);

    Evaluation e = evaluate(withAutoPromotions(baton("ams3", 5), NOW.minusSeconds(7200)));

    assertThat(e.actions(RequestPromotion.class)).isEmpty();
    assertThat(e.actions(RaiseAlarm.class)).isEmpty();
  }

  @Test
  void anUnhealthyStandbyAsksForNothing() {
    region("nyc1", RegionHealth.HEALTHY);
    region("ams3", RegionHealth.UNHEALTHY);
    region("sfo3", RegionHealth.UNHEALTHY);

    assertThat(evaluate(baton("nyc1", 4)).actions(RequestPromotion.class)).isEmpty();
  }

  @Test
  void frozenDoesNotStopHealthJudgement() {
    region("ams3", RegionHealth.HEALTHY);
    region("sfo3", RegionHealth.HEALTHY);
    fleet.apply(beat("nyc1", "nyc1-1", UNHEALTHY, seq++, NOW));
    states.put("nyc1", state("nyc1", RegionHealth.HEALTHY, at(0), NOW.minusSeconds(5), at(0)));

    Evaluation e = evaluate(frozen("nyc1", 4));

    assertThat(e.regions().get("nyc1").health()).isEqualTo(RegionHealth.SUSPECT);
  }
}
