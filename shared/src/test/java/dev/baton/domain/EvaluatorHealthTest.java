package dev.baton.domain;

import static dev.baton.domain.Fixtures.*;
import static dev.baton.domain.HeartbeatStatus.DEGRADED;
import static dev.baton.domain.HeartbeatStatus.DRAINING;
import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.STALE;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Action.PersistTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the evaluator judges one region: quorum, draining, degraded, staleness, skew, grace. */
class EvaluatorHealthTest {
  private final Topology topology = topology("nyc1", "ams3");
  private final Evaluator evaluator = new Evaluator(topology);
  private final FleetView fleet = new FleetView();
  private final Map<String, RegionState> states = new HashMap<>();
  private long seq = 1;

  private void beat(String region, String instance, HeartbeatStatus status, Instant sentAt) {
    fleet.apply(Fixtures.beat(region, instance, status, seq++, sentAt));
  }

  /** ams3 beats fresh so the fleet is never all down unless a test wants it. */
  private Evaluation evaluateAt(Instant now) {
    beat("ams3", "a-1", HEALTHY, now);
    return evaluator.evaluate(fleet, states, baton("nyc1", 1), now, T0);
  }

  private void healthy(String region, Instant since) {
    states.put(region, state(region, RegionHealth.HEALTHY, since, since, since));
  }

  private RegionState nyc1(Evaluation e) {
    return e.regions().get("nyc1");
  }

  private PersistTransition nyc1Transition(Evaluation e) {
    return e.actions(PersistTransition.class).stream()
        .filter(p -> p.next().region().equals("nyc1"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no transition of nyc1 in " + e.actions()));
  }

  @Test
  void quorumOneOfThreeDownKeepsTheRegionHealthy() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", HEALTHY, at(100));
    beat("nyc1", "i-2", HEALTHY, at(100));
    beat("nyc1", "i-3", UNHEALTHY, at(100));

    Evaluation e = evaluateAt(at(101));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(nyc1(e).healthyInstances()).isEqualTo(2);
    assertThat(nyc1(e).expectedInstances()).isEqualTo(3);
  }

  @Test
  void quorumTwoOfThreeDownMakesTheRegionSuspectWithCountsInTheReason() {
    healthy("nyc1", at(95));
    beat("nyc1", "i-1", HEALTHY, at(100));
    beat("nyc1", "i-2", UNHEALTHY, at(100));
    beat("nyc1", "i-3", UNHEALTHY, at(100));

    Evaluation e = evaluateAt(at(101));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(nyc1Transition(e).reason())
        .startsWith("nyc1 is SUSPECT: 1 of 3 instances up (2 needed)")
        .contains("last up at " + at(95))
        .contains("becomes UNHEALTHY if still down at " + at(110));
  }

  @Test
  void quorumIsAStrictMajorityByDefaultSoHalfIsDown() {
    healthy("nyc1", at(95));
    beat("nyc1", "i-1", HEALTHY, at(100));
    beat("nyc1", "i-2", UNHEALTHY, at(100));

    assertThat(nyc1(evaluateAt(at(101))).health()).isEqualTo(RegionHealth.SUSPECT);
  }

  @Test
  void quorumConfiguredAsAFractionNeedsThatShareOfMembers() {
    Topology all =
        topology(
            Timings.DEFAULTS,
            new FailoverPolicy(1.0, Duration.ofMinutes(10), 2, Duration.ofHours(1)),
            "nyc1",
            "ams3");
    healthy("nyc1", at(95));
    beat("nyc1", "i-1", HEALTHY, at(100));
    beat("nyc1", "i-2", HEALTHY, at(100));
    beat("nyc1", "i-3", UNHEALTHY, at(100));
    beat("ams3", "a-1", HEALTHY, at(101));

    Evaluation e = new Evaluator(all).evaluate(fleet, states, baton("nyc1", 1), at(101), T0);

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(nyc1Transition(e).reason()).contains("2 of 3 instances up (3 needed)");
  }

  @Test
  void aRegionWithNoMemberIsDown() {
    healthy("nyc1", at(0));

    Evaluation e = evaluateAt(at(101));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(nyc1Transition(e).reason()).contains("no member instance");
  }

  @Test
  void drainingInstancesLeaveTheDenominator() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", HEALTHY, at(100));
    beat("nyc1", "i-2", DRAINING, at(100));
    beat("nyc1", "i-3", DRAINING, at(100));

    Evaluation e = evaluateAt(at(101));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(nyc1(e).healthyInstances()).isEqualTo(1);
    assertThat(nyc1(e).expectedInstances()).isEqualTo(1);
  }

  @Test
  void drainingEveryInstanceLeavesNoMemberAndTheRegionDown() {
    healthy("nyc1", at(100));
    beat("nyc1", "i-1", DRAINING, at(100));
    beat("nyc1", "i-2", DRAINING, at(100));

    Evaluation e = evaluateAt(at(101));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(nyc1Transition(e).reason()).contains("no member instance (2 draining)");
  }

  @Test
  void degradedCountsAsUpAndIsReported() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", HEALTHY, at(100));
    fleet.apply(
        new Heartbeat(
            "nyc1",
            "i-2",
            DEGRADED,
            seq++,
            at(100),
            Map.of("app", new Check(true, 900, "slow: 900 ms")),
            "test",
            null));
    beat("nyc1", "i-3", UNHEALTHY, at(100));

    Evaluation e = evaluateAt(at(101));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(nyc1(e).healthyInstances()).isEqualTo(2);
    assertThat(nyc1Transition(e).reason()).contains("degraded: i-2: app slow: 900 ms");
  }

  @Test
  void stalenessABeatExactlyStaleAfterOldStillCounts() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", HEALTHY, at(100));

    assertThat(nyc1(evaluateAt(at(112))).health()).isEqualTo(RegionHealth.HEALTHY);
  }

  @Test
  void stalenessABeatOlderThanStaleAfterNoLongerCounts() {
    healthy("nyc1", at(100));
    beat("nyc1", "i-1", HEALTHY, at(100));

    Evaluation e = evaluateAt(at(100).plus(Timings.DEFAULTS.staleAfter()).plusMillis(1));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(nyc1Transition(e).reason()).contains("0 of 1 instance up (1 needed), 1 stale");
  }

  @Test
  void staleStatusWrittenByTheMonitorDoesNotCountAsUp() {
    healthy("nyc1", at(100));
    beat("nyc1", "i-1", STALE, at(100));

    assertThat(nyc1(evaluateAt(at(101))).health()).isEqualTo(RegionHealth.SUSPECT);
  }

  @Test
  void membershipAnInstanceSilentLongerThanMembershipWindowLeavesTheDenominator() {
    healthy("nyc1", at(1000));
    beat("nyc1", "i-old", HEALTHY, at(0));
    beat("nyc1", "i-1", HEALTHY, at(1000));

    Evaluation e = evaluateAt(at(1001));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(nyc1(e).expectedInstances()).isEqualTo(1);
  }

  @Test
  void membershipAnInstanceSilentWithinMembershipWindowStillCountsAsDown() {
    healthy("nyc1", at(1000));
    beat("nyc1", "i-quiet", HEALTHY, at(900));
    beat("nyc1", "i-1", HEALTHY, at(1000));

    Evaluation e = evaluateAt(at(1001));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(nyc1(e).expectedInstances()).isEqualTo(2);
  }

  @Test
  void clockSkewBeyondMaxClockSkewMarksTheInstanceDegradedWithReasonClockSkew() {
    healthy("nyc1", at(0));
    // The agent's clock is 30 s behind the store's: its beat looks stale by its own clock.
    fleet.apply(Fixtures.beat("nyc1", "i-1", HEALTHY, seq++, at(70)).observedAt(at(100)));

    Evaluation e = evaluateAt(at(101));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(nyc1(e).healthyInstances()).isEqualTo(1);
    assertThat(nyc1Transition(e).reason()).contains("degraded: i-1: clock-skew");
  }

  @Test
  void clockSkewAnAgentClockAheadDoesNotKeepASilentInstanceAlive() {
    healthy("nyc1", at(0));
    // Sent "in the future" by a fast clock, observed long ago by the store: the instance is silent.
    fleet.apply(Fixtures.beat("nyc1", "i-1", HEALTHY, seq++, at(200)).observedAt(at(60)));

    Evaluation e = evaluateAt(at(101));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.UNHEALTHY);
  }

  @Test
  void clockSkewWithinMaxClockSkewIsNotReported() {
    healthy("nyc1", at(0));
    fleet.apply(Fixtures.beat("nyc1", "i-1", HEALTHY, seq++, at(100)).observedAt(at(104)));

    Evaluation e = evaluateAt(at(105));

    assertThat(nyc1Transition(e).reason()).doesNotContain("clock-skew").doesNotContain("degraded");
  }

  @Test
  void lastUpAtComesFromTheBeatsSoARareEvaluationJudgesLikeAFrequentOne() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", HEALTHY, at(100));

    // The sweeper's view a minute later: the last beat says when the region was last known up,
    // and a silent instance counts as up until half a heartbeat interval after it.
    Evaluation e = evaluateAt(at(160));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(nyc1(e).lastUpAt()).isEqualTo(at(100).plusMillis(2_500));
    assertThat(nyc1Transition(e).reason())
        .isEqualTo(
            "nyc1 is UNHEALTHY: 0 of 1 instance up (1 needed), 1 stale, and not up since "
                + at(100).plusMillis(2_500)
                + ", 57.5s ago (failAfter 15s), passing through SUSPECT at once.");
  }

  @Test
  void lastUpAtIsTheQuorumThLatestUpBeat() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", HEALTHY, at(100));
    beat("nyc1", "i-2", HEALTHY, at(102));
    beat("nyc1", "i-3", HEALTHY, at(104));

    // By 102 two of three had reported up; the third's later beat alone is no quorum. Each
    // counts as up until half an interval after its beat, never later than the evaluation.
    assertThat(nyc1(evaluateAt(at(103))).lastUpAt()).isEqualTo(at(103));
    assertThat(nyc1(evaluateAt(at(110))).lastUpAt()).isEqualTo(at(102).plusMillis(2_500));
  }

  @Test
  void aTransientBlipShorterThanFailAfterNeverMakesTheRegionUnhealthy() {
    healthy("nyc1", at(100));
    beat("nyc1", "i-1", HEALTHY, at(100));
    evaluateAt(at(100)).regions().forEach(states::put);
    for (int t = 105; t <= 110; t += 5) {
      beat("nyc1", "i-1", UNHEALTHY, at(t));
      Evaluation e = evaluateAt(at(t));
      e.regions().forEach(states::put);
      assertThat(nyc1(e).health()).isEqualTo(RegionHealth.SUSPECT);
    }
    beat("nyc1", "i-1", HEALTHY, at(114));
    Evaluation back = evaluateAt(at(114));

    assertThat(nyc1(back).health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(nyc1Transition(back).reason())
        .isEqualTo(
            "nyc1 is HEALTHY again: 1 of 1 instance up (1 needed), back within failAfter"
                + " (15s).");
  }

  @Test
  void recoveringNeedsRecoverAfterOfUnbrokenUpSamples() {
    states.put("nyc1", state("nyc1", RegionHealth.UNHEALTHY, at(0), at(0), null));
    beat("nyc1", "i-1", HEALTHY, at(100));
    Evaluation first = evaluateAt(at(100));
    first.regions().forEach(states::put);
    assertThat(nyc1(first).health()).isEqualTo(RegionHealth.RECOVERING);
    assertThat(nyc1(first).upSince()).isEqualTo(at(100));
    assertThat(nyc1Transition(first).reason())
        .isEqualTo(
            "nyc1 is RECOVERING: 1 of 1 instance up (1 needed); it becomes HEALTHY if it stays up"
                + " until "
                + at(160)
                + ".");

    beat("nyc1", "i-1", HEALTHY, at(159));
    Evaluation almost = evaluateAt(at(159));
    almost.regions().forEach(states::put);
    assertThat(nyc1(almost).health()).isEqualTo(RegionHealth.RECOVERING);

    beat("nyc1", "i-1", HEALTHY, at(160));
    Evaluation done = evaluateAt(at(160));
    assertThat(nyc1(done).health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(nyc1Transition(done).reason())
        .isEqualTo(
            "nyc1 is HEALTHY: 1 of 1 instance up (1 needed), up without a break since "
                + at(100)
                + " (recoverAfter 1m).");
  }

  @Test
  void recoveringFallsBackToUnhealthyWhenTheSampleIsDownAgain() {
    states.put("nyc1", state("nyc1", RegionHealth.RECOVERING, at(90), at(100), at(90)));
    beat("nyc1", "i-1", UNHEALTHY, at(101));

    Evaluation e = evaluateAt(at(101));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(nyc1(e).upSince()).isNull();
    assertThat(nyc1Transition(e).reason())
        .isEqualTo(
            "nyc1 is UNHEALTHY again: 0 of 1 instance up (1 needed), before staying up for"
                + " recoverAfter (1m).");
  }

  @Test
  void aTransitionIsPersistedAgainstThePreviousVersionWithSinceSetToNow() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", UNHEALTHY, at(100));

    PersistTransition p = nyc1Transition(evaluateAt(at(101)));

    assertThat(p.healthChanged()).isTrue();
    assertThat(p.previous()).isEqualTo(states.get("nyc1"));
    assertThat(p.next().version()).isEqualTo(p.previous().version());
    assertThat(p.next().since()).isEqualTo(at(101));
    assertThat(p.next().reason()).isEqualTo(p.reason());
  }

  @Test
  void unchangedHealthWithNewerEvidenceIsRefreshedInTheStoreWithoutAHealthChange() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", HEALTHY, at(100));

    PersistTransition p = nyc1Transition(evaluateAt(at(100)));

    assertThat(p.healthChanged()).isFalse();
    assertThat(p.next().lastUpAt()).isEqualTo(at(100));
    assertThat(p.next().since()).isEqualTo(at(0));
    assertThat(p.reason())
        .isEqualTo(
            "nyc1 stays HEALTHY: 1 of 1 instance up (1 needed), last up at " + at(100) + ".");
  }

  @Test
  void evidenceThatMovedLessThanAHeartbeatIntervalIsNotRewritten() {
    states.put(
        "nyc1", new RegionState("nyc1", RegionHealth.HEALTHY, at(0), at(98), at(0), 1, 1, "", 3));
    beat("nyc1", "i-1", HEALTHY, at(100));

    Evaluation e = evaluateAt(at(100));

    assertThat(e.actions(PersistTransition.class)).noneMatch(p -> p.next().region().equals("nyc1"));
    assertThat(nyc1(e).lastUpAt()).isEqualTo(at(100));
  }

  @Test
  void regionsMissingFromStatesStartHealthy() {
    beat("nyc1", "i-1", HEALTHY, at(100));

    Evaluation e = evaluateAt(at(100));

    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(e.regions()).containsOnlyKeys("nyc1", "ams3");
  }

  @Test
  void startupGraceDecidesNothingButObservesTheEvidence() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", HEALTHY, at(100));
    beat("ams3", "a-1", HEALTHY, at(100));
    Instant started = at(90);

    Evaluation e = evaluator.evaluate(fleet, states, baton("nyc1", 1), at(100), started);

    assertThat(e.actions()).isEmpty();
    assertThat(nyc1(e).lastUpAt()).isEqualTo(at(100));
    assertThat(e.summary()).startsWith("startup grace: 10s of 20s since the monitor started");
  }

  @Test
  void startupGraceEndsAfterStartupGrace() {
    healthy("nyc1", at(0));
    beat("nyc1", "i-1", UNHEALTHY, at(110));
    beat("ams3", "a-1", HEALTHY, at(110));

    Evaluation e = evaluator.evaluate(fleet, states, baton("nyc1", 1), at(110), at(90));

    assertThat(e.actions()).isNotEmpty();
    assertThat(nyc1(e).health()).isEqualTo(RegionHealth.UNHEALTHY);
  }

  @Test
  void startupGraceAnEmptyViewDecidesNothingEvenAfterTheGrace() {
    healthy("nyc1", at(0));

    Evaluation e = evaluator.evaluate(fleet, states, baton("nyc1", 1), at(1000), T0);

    assertThat(e.actions()).isEmpty();
    assertThat(e.regions().get("nyc1")).isEqualTo(states.get("nyc1"));
    assertThat(e.summary()).startsWith("no heartbeat in view yet");
  }

  @Test
  void theSummaryNamesEveryRegionAndTheBaton() {
    beat("nyc1", "i-1", HEALTHY, at(100));

    String summary = evaluateAt(at(100)).summary();

    assertThat(summary)
        .contains("nyc1 HEALTHY (1 of 1 instance up (1 needed))")
        .contains("ams3 HEALTHY")
        .contains("baton: nyc1 at epoch 1, AUTO");
  }

  @Test
  void onlyTopologyRegionsAreJudged() {
    beat("nyc1", "i-1", HEALTHY, at(100));
    beat("sfo3", "x-1", HEALTHY, at(100));

    assertThat(evaluateAt(at(100)).regions()).containsOnlyKeys("nyc1", "ams3");
  }
}
