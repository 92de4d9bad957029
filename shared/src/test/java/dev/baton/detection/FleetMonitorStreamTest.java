package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.DRAINING;
import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static dev.baton.testing.TestFleet.baton;
import static dev.baton.testing.TestFleet.topology;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.RegionHealth;
import dev.baton.observability.MetricNames;
import dev.baton.port.AuditLog;
import dev.baton.port.DependencyException;
import dev.baton.store.HeartbeatItems;
import dev.baton.testing.StreamRecords;
import dev.baton.testing.TestFleet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet monitor fed from the stream, against in-memory fakes (docs/architecture.md). */
class FleetMonitorStreamTest {
  private final MonitorHarness fleet = new MonitorHarness(topology("nyc1", "ams3"));

  FleetMonitorStreamTest() {
    fleet.batons.put(baton("nyc1", 3));
  }

  @Test
  void anActiveRegionReportingUnhealthyForFailAfterIsFailedOverOnceWithItsReasonAudited() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    for (int t = 30; t <= 50; t += 5) {
      fleet.beatAt(t, UNHEALTHY, HEALTHY);
    }

    assertThat(fleet.invoker.requests(PromotionRequest.AutoFailover.class))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.from()).isEqualTo("nyc1");
              assertThat(r.to()).isEqualTo("ams3");
              assertThat(r.expectedEpoch()).isEqualTo(3);
              assertThat(r.requestedBy()).isEqualTo("baton:health-transition");
              assertThat(r.evidence()).isNotEmpty();
            });
    // Last HEALTHY at 25 s, first UNHEALTHY at 30 s: down from 27.5 s, UNHEALTHY at the first
    // evaluation failAfter later.
    assertThat(fleet.invoker.sent().get(0).at()).isEqualTo(TestFleet.T0.plusSeconds(45));
    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(fleet.audit.entries("region-transition"))
        .extracting(e -> e.details().get("from") + "->" + e.details().get("to"))
        .containsExactly("HEALTHY->SUSPECT", "SUSPECT->UNHEALTHY");
    assertThat(fleet.audit.entries("failover-requested")).hasSize(1);
    assertThat(fleet.audit.entries()).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
    assertThat(fleet.metrics.sum(MetricNames.FAILOVER_REQUESTED)).isEqualTo(1);
  }

  @Test
  void anUnansweredFailoverRequestIsSentAgainAfterAMinute() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    for (int t = 30; t <= 105; t += 5) {
      fleet.beatAt(t, UNHEALTHY, HEALTHY);
    }

    assertThat(fleet.invoker.sent())
        .extracting(s -> s.at().getEpochSecond() - TestFleet.T0.getEpochSecond())
        .containsExactly(45L, 105L);
  }

  @Test
  void aRegionThatTurnsUnhealthyAnewIsFailedOverAtOnceThoughAnEarlierRequestWentUnanswered() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    for (int t = 30; t <= 45; t += 5) {
      fleet.beatAt(t, UNHEALTHY, HEALTHY);
    }
    // Back for a moment (RECOVERING), then down again: a new incident.
    fleet.beatAt(50, HEALTHY, HEALTHY);
    fleet.beatAt(55, UNHEALTHY, HEALTHY);

    assertThat(fleet.audit.entries("region-transition"))
        .extracting(
            e ->
                e.details().get("to")
                    + "@"
                    + (e.at().getEpochSecond() - TestFleet.T0.getEpochSecond()))
        .containsSubsequence("UNHEALTHY@45", "RECOVERING@50", "UNHEALTHY@55");
    assertThat(fleet.invoker.sent())
        .extracting(s -> s.at().getEpochSecond() - TestFleet.T0.getEpochSecond())
        .containsExactly(45L, 55L);
  }

  @Test
  void nonHeartbeatItemsTtlDeletionsRemovalsDuplicatesAndLateRecordsAreIgnoredByCause() {
    fleet.beatAt(0, HEALTHY, HEALTHY);
    fleet.at(5);
    DynamodbStreamRecord first = fleet.beats("nyc1", "nyc1-a", HEALTHY);
    fleet.at(6);
    DynamodbStreamRecord second = fleet.beats("nyc1", "nyc1-a", HEALTHY);
    Heartbeat held = fleet.heartbeats.get("nyc1", "nyc1-a");
    // The first batch's beats were already in the table when the cold monitor read it.
    double duplicatesBefore =
        fleet.metrics.sum(MetricNames.RECORDS_IGNORED, Map.of(MetricNames.CAUSE, "duplicate"));

    StreamBatchResult result =
        fleet.deliver(
            second,
            first,
            second,
            StreamRecords.otherItem("REGION#nyc1", "STATE", fleet.now()),
            StreamRecords.ttlRemove(held),
            StreamRecords.remove(held));

    assertThat(result.complete()).isTrue();
    assertThat(result.applied()).isEqualTo(1);
    assertThat(result.ignored())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                IgnoredCause.OUT_OF_ORDER, 1,
                IgnoredCause.DUPLICATE, 1,
                IgnoredCause.NOT_HEARTBEAT, 1,
                IgnoredCause.TTL_EXPIRY, 1,
                IgnoredCause.REMOVE, 1));
    for (String cause : List.of("out-of-order", "not-heartbeat", "ttl-expiry", "remove")) {
      assertThat(fleet.metrics.sum(MetricNames.RECORDS_IGNORED, Map.of(MetricNames.CAUSE, cause)))
          .as(cause)
          .isEqualTo(1);
    }
    assertThat(
            fleet.metrics.sum(MetricNames.RECORDS_IGNORED, Map.of(MetricNames.CAUSE, "duplicate")))
        .isEqualTo(duplicatesBefore + 1);
  }

  @Test
  void aLateUnhealthyBeatDoesNotOverrideANewerHealthyOne() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    fleet.at(30);
    DynamodbStreamRecord unhealthy = fleet.beats("nyc1", "nyc1-a", UNHEALTHY);
    fleet.at(31);
    DynamodbStreamRecord healthy = fleet.beats("nyc1", "nyc1-a", HEALTHY);

    fleet.deliver(healthy, unhealthy, fleet.beats("ams3", "ams3-a", HEALTHY));

    assertThat(fleet.audit.entries("region-transition")).isEmpty();
    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.HEALTHY);
  }

  @Test
  void theMonitorsOwnStaleMarkIsIgnoredAsSuch() {
    fleet.beatAt(0, HEALTHY, HEALTHY);
    Heartbeat held = fleet.heartbeats.get("nyc1", "nyc1-a");
    Heartbeat marked =
        TestFleet.beat("nyc1", "nyc1-a", dev.baton.domain.HeartbeatStatus.STALE, 1, held.sentAt());

    StreamBatchResult result = fleet.deliver(StreamRecords.modify(held, marked));

    assertThat(result.ignored()).containsEntry(IgnoredCause.STALE_MARK, 1);
  }

  @Test
  void aMalformedRecordInTheMiddleOfABatchIsSkippedAndTheRestApplied() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    fleet.at(30);
    DynamodbStreamRecord before = fleet.beats("ams3", "ams3-a", HEALTHY);
    DynamodbStreamRecord broken =
        StreamRecords.without(fleet.beats("ams3", "ams3-b", HEALTHY), "seq");
    DynamodbStreamRecord after = fleet.beats("nyc1", "nyc1-a", UNHEALTHY);

    StreamBatchResult result = fleet.deliver(before, broken, after);

    assertThat(result.complete()).as("a malformed record is never retried").isTrue();
    assertThat(result.malformed()).isEqualTo(1);
    assertThat(result.applied()).isEqualTo(2);
    assertThat(fleet.metrics.sum(MetricNames.MALFORMED_RECORD)).isEqualTo(1);
    assertThat(fleet.states.get("nyc1").health())
        .as("the record after the bad one was applied")
        .isEqualTo(RegionHealth.SUSPECT);
  }

  @Test
  void aRecordWithAWrongTypeIsMalformedToo() {
    fleet.beatAt(0, HEALTHY, HEALTHY);
    fleet.at(5);
    DynamodbStreamRecord record =
        StreamRecords.with(
            fleet.beats("nyc1", "nyc1-a", HEALTHY), "seq", new AttributeValue().withS("seven"));

    StreamBatchResult result = fleet.deliver(record);

    assertThat(result.malformed()).isEqualTo(1);
    assertThat(result.complete()).isTrue();
  }

  @Test
  void aSeqBeyondTheMaximumOrNegativeIsMalformedAndDoesNotWedgeTheInstance() {
    fleet.beatAt(0, HEALTHY, HEALTHY);
    fleet.at(5);
    List<String> forged =
        List.of(
            Long.toString(HeartbeatItems.MAX_SEQ + 1),
            Long.toString(Long.MAX_VALUE),
            "99999999999999999999999",
            "-1");
    for (String seq : forged) {
      DynamodbStreamRecord record =
          StreamRecords.with(
              fleet.beats("nyc1", "nyc1-a", UNHEALTHY), "seq", new AttributeValue().withN(seq));

      StreamBatchResult result = fleet.deliver(record);

      assertThat(result.malformed()).as(seq).isEqualTo(1);
      assertThat(result.applied()).as(seq).isZero();
      assertThat(result.complete()).as(seq + ": never retried").isTrue();
    }
    assertThat(fleet.metrics.sum(MetricNames.MALFORMED_RECORD)).isEqualTo(forged.size());

    // The real agent's next beat (a seq in range, above the last one applied) still counts.
    DynamodbStreamRecord next = fleet.beats("nyc1", "nyc1-a", UNHEALTHY);
    StreamBatchResult real = fleet.deliver(next);
    assertThat(real.applied()).isEqualTo(1);
    assertThat(real.ignored()).isEmpty();
    assertThat(fleet.deliver(next).ignored())
        .as("it is the beat held now: its redelivery is a duplicate")
        .containsEntry(IgnoredCause.DUPLICATE, 1);
  }

  @Test
  void anUpUntilAfterSentAtIsMalformedAndTheBeatIsNotApplied() {
    fleet.beatAt(0, HEALTHY, HEALTHY);
    fleet.at(5);
    DynamodbStreamRecord forged =
        StreamRecords.with(
            fleet.beats("nyc1", "nyc1-a", UNHEALTHY),
            HeartbeatItems.UP_UNTIL,
            new AttributeValue().withN(Long.toString(fleet.now().toEpochMilli() + 1)));

    StreamBatchResult result = fleet.deliver(forged);

    assertThat(result.malformed()).isEqualTo(1);
    assertThat(result.applied()).isZero();
    assertThat(result.complete()).as("never retried").isTrue();
    assertThat(fleet.metrics.sum(MetricNames.MALFORMED_RECORD)).isEqualTo(1);
  }

  @Test
  void theLargestSeqAllowedIsAccepted() {
    fleet.at(0);
    DynamodbStreamRecord record =
        StreamRecords.with(
            fleet.beats("nyc1", "nyc1-a", HEALTHY),
            "seq",
            new AttributeValue().withN(Long.toString(HeartbeatItems.MAX_SEQ)));

    assertThat(fleet.deliver(record).applied()).isEqualTo(1);
  }

  @Test
  void aTableThatCannotBeReadAtColdStartSendsTheWholeBatchBackForRedelivery() {
    fleet.heartbeats.failNext(new DependencyException("dynamodb", "throttled", true, null));
    fleet.at(0);
    DynamodbStreamRecord first = fleet.beats("nyc1", "nyc1-a", HEALTHY);
    DynamodbStreamRecord second = fleet.beats("ams3", "ams3-a", HEALTHY);

    StreamBatchResult result = fleet.deliver(first, second);

    assertThat(result.failedSequenceNumbers())
        .containsExactly(first.getDynamodb().getSequenceNumber());
    assertThat(fleet.deliver(first, second).complete()).as("the redelivery").isTrue();
  }

  @Test
  void aFailureARetryCannotFixIsRaisedNotHidden() {
    fleet.heartbeats.failNext(
        new DependencyException("dynamodb", "ResourceNotFoundException", false, null));
    fleet.at(0);

    assertThatThrownBy(() -> fleet.deliver(fleet.beats("nyc1", "nyc1-a", HEALTHY)))
        .isInstanceOf(DependencyException.class)
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void aPromotionRequestThatCouldNotBeSentIsRetriedThroughTheLastRecord() {
    for (int t = 0; t <= 40; t += 5) {
      fleet.beatAt(t, t < 30 ? HEALTHY : UNHEALTHY, HEALTHY);
    }
    fleet.invoker.failNext(new DependencyException("lambda", "TooManyRequests", true, null));
    fleet.at(45);
    DynamodbStreamRecord nyc = fleet.beats("nyc1", "nyc1-a", UNHEALTHY);
    DynamodbStreamRecord ams = fleet.beats("ams3", "ams3-a", HEALTHY);

    StreamBatchResult failed = fleet.deliver(nyc, ams);
    StreamBatchResult redelivered = fleet.deliver(ams);

    assertThat(failed.failedSequenceNumbers())
        .containsExactly(ams.getDynamodb().getSequenceNumber());
    assertThat(fleet.audit.entries("failover-requested"))
        .as("audited only once it was sent")
        .hasSize(1);
    assertThat(redelivered.complete()).isTrue();
    assertThat(redelivered.ignored()).containsEntry(IgnoredCause.DUPLICATE, 1);
    assertThat(fleet.invoker.requests()).hasSize(1);
  }

  @Test
  void aRegionStateChangedUnderTheMonitorIsReReadAndReEvaluatedOnce() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    sweeperStoresNyc1SuspectBeforeTheNextSave();

    fleet.beatAt(30, UNHEALTHY, HEALTHY);

    assertThat(fleet.states.conflicts()).hasSize(1);
    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(fleet.states.get("nyc1").reason())
        .as("the re-evaluation started from the stored SUSPECT")
        .isEqualTo("suspect by the sweeper");
    fleet.beatAt(40, UNHEALTHY, HEALTHY);
    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(fleet.invoker.requests()).hasSize(1);
  }

  /** The sweeper stores nyc1 SUSPECT between this monitor's read and its next write. */
  private void sweeperStoresNyc1SuspectBeforeTheNextSave() {
    fleet.states.interfere(
        new dev.baton.domain.RegionState(
            "nyc1",
            RegionHealth.SUSPECT,
            fleet.now(),
            TestFleet.T0.plusSeconds(25),
            null,
            0,
            1,
            "suspect by the sweeper",
            0));
  }

  @Test
  void aTransitionLeftUnsavedByALostRaceIsDecidedAgainNotTakenAsStored() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    // Both regions turn SUSPECT in one evaluation; nyc1's write loses a race with the sweeper,
    // so ams3's transition, which comes after it, is not written in that round.
    sweeperStoresNyc1SuspectBeforeTheNextSave();

    fleet.beatAt(30, UNHEALTHY, UNHEALTHY);

    assertThat(fleet.states.get("ams3").health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(fleet.audit.entries("region-transition"))
        .extracting(e -> e.subject() + " " + e.details().get("from") + "->" + e.details().get("to"))
        .containsExactly("ams3 HEALTHY->SUSPECT");
  }

  @Test
  void theStreamTimeIsPassedOnSoAnAgentWithAWrongClockIsJudgedByTheStoresClock() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    for (int t = 30; t <= 60; t += 5) {
      fleet.at(t);
      // nyc1's agent clock runs an hour late: its beats look an hour old by sentAt.
      Heartbeat late =
          TestFleet.healthy("nyc1", "nyc1-a", 100 + t, fleet.now().minus(Duration.ofHours(1)));
      fleet.heartbeats.put(late);
      fleet.deliver(
          StreamRecords.insertObservedAt(late, fleet.now()),
          fleet.beats("ams3", "ams3-a", HEALTHY));
    }

    assertThat(fleet.audit.entries("region-transition")).isEmpty();
    assertThat(fleet.invoker.requests()).isEmpty();
  }

  @Test
  void nothingIsDecidedDuringTheStartupGrace() {
    for (int t = 0; t <= 15; t += 5) {
      fleet.beatAt(t, UNHEALTHY, UNHEALTHY);
    }

    assertThat(fleet.audit.entries()).isEmpty();
    assertThat(fleet.states.saved()).isEmpty();
    assertThat(fleet.metrics.sum(MetricNames.OBSERVER_SUSPECT)).isZero();
  }

  @Test
  void anAlarmCountsOnEveryEvaluationButIsAuditedWhenItStarts() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    for (int t = 30; t <= 40; t += 5) {
      fleet.beatAt(t, UNHEALTHY, UNHEALTHY);
    }

    assertThat(fleet.metrics.sum(MetricNames.TOTAL_OUTAGE)).isEqualTo(3);
    assertThat(fleet.metrics.sum(MetricNames.OBSERVER_SUSPECT)).isZero();
    assertThat(fleet.audit.entries("alarm"))
        .singleElement()
        .satisfies(e -> assertThat(e.subject()).isEqualTo("TOTAL_OUTAGE"));
    assertThat(fleet.invoker.requests()).isEmpty();
  }

  @Test
  void reachingTheFlapLimitAsksThePromotionFunctionToFreeze() {
    fleet.batons.put(
        new Baton(
            "nyc1",
            3,
            BatonMode.AUTO,
            TestFleet.T0,
            "moved twice",
            "p-2",
            List.of(TestFleet.T0.minusSeconds(50 * 60), TestFleet.T0.minusSeconds(40 * 60)),
            5));
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    for (int t = 30; t <= 45; t += 5) {
      fleet.beatAt(t, UNHEALTHY, HEALTHY);
    }

    assertThat(fleet.invoker.requests())
        .singleElement()
        .isInstanceOfSatisfying(
            PromotionRequest.Freeze.class,
            f -> {
              assertThat(f.requestedBy()).isEqualTo("baton:flap-limit");
              assertThat(f.reason()).containsIgnoringCase("flap limit");
              assertThat(f.dryRun()).isFalse();
            });
    assertThat(fleet.metrics.sum(MetricNames.FROZEN)).isPositive();
    assertThat(fleet.audit.entries("freeze-requested")).hasSize(1);
  }

  @Test
  void beforeTheBatonIsPlacedRegionsAreJudgedButNoPromotionIsRequested() {
    fleet.batons.put(null);
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    for (int t = 30; t <= 45; t += 5) {
      fleet.beatAt(t, UNHEALTHY, HEALTHY);
    }

    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(fleet.invoker.requests()).isEmpty();
    assertThat(fleet.audit.entries("failover-requested")).isEmpty();
  }

  @Test
  void theViewIsReReadFromTheTableEveryResyncIntervalAndSeesOtherShardsBeats() {
    MonitorHarness shard = new MonitorHarness(topology("nyc1", "ams3"), Duration.ofSeconds(10));
    shard.batons.put(baton("nyc1", 1));
    for (int t = 0; t <= 25; t += 5) {
      shard.at(t);
      // ams3's beats reach another shard (another handler instance); only the table has them.
      shard.heartbeats.put(TestFleet.healthy("ams3", "ams3-a", t + 1, shard.now()));
      shard.deliver(shard.beats("nyc1", "nyc1-a", HEALTHY));
    }
    for (int t = 30; t <= 45; t += 5) {
      shard.at(t);
      shard.heartbeats.put(TestFleet.healthy("ams3", "ams3-a", t + 1, shard.now()));
      shard.deliver(shard.beats("nyc1", "nyc1-a", UNHEALTHY));
    }

    assertThat(shard.heartbeats.loads()).isBetween(4, 6);
    assertThat(shard.invoker.requests(PromotionRequest.AutoFailover.class))
        .singleElement()
        .satisfies(r -> assertThat(r.to()).isEqualTo("ams3"));
  }

  @Test
  void aDrainingInstanceLeavesTheQuorumInsteadOfFailingIt() {
    MonitorHarness two = new MonitorHarness(topology("nyc1", "ams3"));
    two.batons.put(baton("nyc1", 1));
    for (int t = 0; t <= 60; t += 5) {
      two.at(t);
      two.deliver(
          two.beats("nyc1", "nyc1-a", HEALTHY),
          two.beats("nyc1", "nyc1-b", t < 30 ? HEALTHY : DRAINING),
          two.beats("ams3", "ams3-a", HEALTHY));
    }

    assertThat(two.audit.entries("region-transition")).isEmpty();
    assertThat(two.states.get("nyc1").expectedInstances()).isEqualTo(1);
  }

  @Test
  void everyDecisionIsAuditedWithAReadableReason() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    for (int t = 30; t <= 45; t += 5) {
      fleet.beatAt(t, UNHEALTHY, HEALTHY);
    }

    assertThat(fleet.audit.entries())
        .extracting(AuditLog.Entry::kind)
        .containsExactly("region-transition", "region-transition", "failover-requested");
    assertThat(fleet.audit.entries().get(1).reason()).contains("nyc1").contains("UNHEALTHY");
  }
}
