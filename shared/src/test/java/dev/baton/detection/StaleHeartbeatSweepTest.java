package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.testing.TestFleet.baton;
import static dev.baton.testing.TestFleet.beat;
import static dev.baton.testing.TestFleet.topology;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.PromotionKind;
import dev.baton.observability.MetricNames;
import dev.baton.port.ReadinessCheck;
import dev.baton.promotion.InMemoryJournal;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import dev.baton.testing.RecordingMetrics;
import dev.baton.testing.TestPromotions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sweeper's checks beyond the evaluation: readiness problems raise ReadinessFailed, one line
 * each; the baton's promotion left RUNNING by a dead Lambda raises PromotionStuck.
 */
class StaleHeartbeatSweepTest {
  private final MonitorHarness fleet = new MonitorHarness(topology("nyc1", "ams3"));

  StaleHeartbeatSweepTest() {
    fleet.batons.put(baton("nyc1", 1));
    fleet.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, 1, fleet.now()));
    fleet.heartbeats.put(beat("ams3", "ams3-a", HEALTHY, 1, fleet.now()));
    fleet.at(30);
  }

  @Test
  void aReadyFailoverPathRaisesNothing() {
    StaleHeartbeatSweep sweep = new StaleHeartbeatSweep(fleet.monitor, List::of, fleet.metrics);

    StaleHeartbeatSweep.Result result = sweep.run();

    assertThat(result.readinessProblems()).isEmpty();
    assertThat(fleet.metrics.sum(MetricNames.READINESS_FAILED)).isZero();
    assertThat(result.sweep().instances()).isEqualTo(2);
  }

  @Test
  void everySweepReportsTheStateGaugesTheDashboardAndAlarmsRead() {
    beatNow(2);
    StaleHeartbeatSweep sweep = new StaleHeartbeatSweep(fleet.monitor, List::of, fleet.metrics);

    sweep.run();

    assertThat(gauges())
        .containsExactlyInAnyOrder(
            gauge(MetricNames.HEALTHY_REGIONS, 2),
            gauge(MetricNames.BATON_EPOCH, 1),
            gauge(MetricNames.BATON_FROZEN, 0),
            gauge(MetricNames.ACTIVE_REGION_HEALTHY, 1));
  }

  @Test
  void theGaugesAreWrittenBeforeTheReadinessCheckWaitsForSlowProviders() {
    beatNow(2);
    List<Integer> gaugesSeenWhenTheCheckRan = new java.util.ArrayList<>();
    ReadinessCheck slow =
        () -> {
          gaugesSeenWhenTheCheckRan.add(gauges().size());
          return List.of();
        };
    new StaleHeartbeatSweep(fleet.monitor, slow, fleet.metrics).run();

    assertThat(gaugesSeenWhenTheCheckRan).containsExactly(4);
  }

  @Test
  void aFreezeKeepsShowingOnEverySweepNotOnlyWhenItHappens() {
    fleet.batons.put(
        new Baton("nyc1", 4, BatonMode.FROZEN, fleet.now(), "operator freeze", null, List.of(), 2));
    beatNow(2);
    StaleHeartbeatSweep sweep = new StaleHeartbeatSweep(fleet.monitor, List::of, fleet.metrics);

    sweep.run();
    fleet.at(90);
    sweep.run();

    assertThat(fleet.metrics.points())
        .filteredOn(p -> p.name().equals(MetricNames.BATON_FROZEN))
        .extracting(RecordingMetrics.Point::value)
        .containsExactly(1.0, 1.0);
    // nyc1 has not beaten for a minute by the second sweep: its gauge turns 0 and says so.
    assertThat(fleet.metrics.points())
        .filteredOn(p -> p.name().equals(MetricNames.ACTIVE_REGION_HEALTHY))
        .extracting(RecordingMetrics.Point::value)
        .containsExactly(1.0, 0.0);
  }

  private void beatNow(long seq) {
    fleet.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, seq, fleet.now()));
    fleet.heartbeats.put(beat("ams3", "ams3-a", HEALTHY, seq, fleet.now()));
  }

  private static final List<String> GAUGES =
      List.of(
          MetricNames.HEALTHY_REGIONS,
          MetricNames.BATON_EPOCH,
          MetricNames.BATON_FROZEN,
          MetricNames.ACTIVE_REGION_HEALTHY);

  private List<RecordingMetrics.Point> gauges() {
    return fleet.metrics.points().stream().filter(p -> GAUGES.contains(p.name())).toList();
  }

  private static RecordingMetrics.Point gauge(String name, double value) {
    return new RecordingMetrics.Point(name, value, java.util.Map.of());
  }

  @Test
  void expiryGetsTheBeatsTheSweepLoadedAndItsClocksTimeBeforeTheReadinessCheck() {
    List<String> order = new java.util.ArrayList<>();
    List<List<dev.baton.domain.Heartbeat>> given = new java.util.ArrayList<>();
    ExpiredItems expiry =
        (loaded, now) -> {
          order.add("expiry at " + now);
          given.add(loaded);
          return new ExpiredItems.Outcome(1, 2, 3, false);
        };
    ReadinessCheck readiness =
        () -> {
          order.add("readiness");
          return List.of();
        };
    StaleHeartbeatSweep sweep =
        new StaleHeartbeatSweep(fleet.monitor, readiness, fleet.metrics)
            .withExpiry(expiry, fleet.clock);

    StaleHeartbeatSweep.Result result = sweep.run();

    assertThat(order).containsExactly("expiry at " + fleet.now(), "readiness");
    assertThat(given.get(0))
        .extracting(b -> b.key().toString())
        .containsExactlyInAnyOrder("nyc1/nyc1-a", "ams3/ams3-a");
    assertThat(result.expired()).contains(new ExpiredItems.Outcome(1, 2, 3, false));
  }

  @Test
  void anExpiryThatFailsLeavesTheRestOfTheSweepToRun() {
    ExpiredItems broken =
        (loaded, now) -> {
          throw new dev.baton.port.DependencyException(
              "dynamodb", "delete expired HB#nyc1/nyc1-a failed: throttled", true, null);
        };
    ReadinessCheck problem =
        () -> List.of(new ReadinessCheck.Problem("do-dns", "ams3", "record missing"));
    StaleHeartbeatSweep sweep =
        new StaleHeartbeatSweep(fleet.monitor, problem, fleet.metrics)
            .withExpiry(broken, fleet.clock);

    StaleHeartbeatSweep.Result result = sweep.run();

    assertThat(result.expired()).isEmpty();
    assertThat(result.readinessProblems()).hasSize(1);
    assertThat(fleet.metrics.sum(MetricNames.READINESS_FAILED)).isEqualTo(1);
    assertThat(result.sweep().instances()).isEqualTo(2);
  }

  @Test
  void withoutExpiryNothingIsDeleted() {
    StaleHeartbeatSweep.Result result =
        new StaleHeartbeatSweep(fleet.monitor, List::of, fleet.metrics).run();

    assertThat(result.expired()).isEmpty();
  }

  @Test
  void everyReadinessProblemIsCounted() {
    ReadinessCheck broken =
        () ->
            List.of(
                new ReadinessCheck.Problem("do-global-lb", "ams3", "load balancer lb-ams3: 404"),
                new ReadinessCheck.Problem("cloudflare-dns", "*", "token rejected: 403"));
    StaleHeartbeatSweep sweep = new StaleHeartbeatSweep(fleet.monitor, broken, fleet.metrics);

    StaleHeartbeatSweep.Result result = sweep.run();

    assertThat(result.readinessProblems()).hasSize(2);
    assertThat(fleet.metrics.sum(MetricNames.READINESS_FAILED)).isEqualTo(2);
  }

  @Test
  void aReadinessCheckThatCannotRunIsItselfAProblem() {
    ReadinessCheck unreachable =
        () -> {
          throw new IllegalStateException("lambda: invoke timed out");
        };
    StaleHeartbeatSweep sweep = new StaleHeartbeatSweep(fleet.monitor, unreachable, fleet.metrics);

    StaleHeartbeatSweep.Result result = sweep.run();

    assertThat(result.readinessProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.detail()).contains("invoke timed out"));
    assertThat(fleet.metrics.sum(MetricNames.READINESS_FAILED)).isEqualTo(1);
  }

  private static final Duration STUCK_AFTER = Duration.ofMinutes(6);

  /**
   * The baton moved to ams3 by promotion p-1, whose journal was last written at {@code lastWrite}
   * with the load balancer step started and the DNS step pending.
   */
  private InMemoryJournal promotionLeftAt(Instant lastWrite, PromotionStatus status) {
    Instant start = lastWrite.minusSeconds(20);
    List<StepRecord> steps =
        List.of(
            StepRecord.pending("validate").attempt(start).succeeded("rules passed", start),
            StepRecord.pending("claim").attempt(start).succeeded("epoch 2", start),
            StepRecord.pending("shift:do-global-lb").attempt(lastWrite),
            StepRecord.pending("shift:cloudflare-dns"),
            StepRecord.pending("notify"));
    InMemoryJournal journal = new InMemoryJournal();
    journal.save(
        TestPromotions.promotion(
            "p-1",
            PromotionKind.AUTO_FAILOVER,
            "nyc1",
            "ams3",
            1,
            "baton:health-transition",
            "nyc1 UNHEALTHY",
            status,
            steps,
            start,
            lastWrite));
    fleet.batons.put(
        new Baton("ams3", 2, BatonMode.AUTO, start, "failover", "p-1", List.of(start), 2));
    return journal;
  }

  private StaleHeartbeatSweep sweepWith(InMemoryJournal journal) {
    return new StaleHeartbeatSweep(
        fleet.monitor,
        List::of,
        new StuckPromotionCheck(journal, STUCK_AFTER, fleet.clock),
        fleet.metrics);
  }

  @Test
  void aPromotionNobodyRunsAnyMoreIsReportedWithTheCommandThatFinishesIt() {
    StaleHeartbeatSweep sweep =
        sweepWith(promotionLeftAt(fleet.now().minusSeconds(361), PromotionStatus.RUNNING));

    StaleHeartbeatSweep.Result result = sweep.run();

    assertThat(result.stuckPromotion())
        .hasValueSatisfying(
            stuck -> {
              assertThat(stuck.promotionId()).isEqualTo("p-1");
              assertThat(stuck.step()).isEqualTo("shift:do-global-lb");
              assertThat(stuck.idle()).isEqualTo(Duration.ofSeconds(361));
              assertThat(stuck.describe())
                  .contains("nyc1 -> ams3", "shift:do-global-lb", "baton resume p-1");
            });
    assertThat(fleet.metrics.sum(MetricNames.PROMOTION_STUCK)).isEqualTo(1);
  }

  @Test
  void aSagaWrittenWithinTheFunctionTimeoutMayStillBeRunning() {
    StaleHeartbeatSweep sweep =
        sweepWith(promotionLeftAt(fleet.now().minusSeconds(359), PromotionStatus.RUNNING));

    assertThat(sweep.run().stuckPromotion()).isEmpty();
    assertThat(fleet.metrics.sum(MetricNames.PROMOTION_STUCK)).isZero();
  }

  @Test
  void finishedAndFailedPromotionsAreNotStuck() {
    for (PromotionStatus status :
        List.of(PromotionStatus.SUCCEEDED, PromotionStatus.FAILED, PromotionStatus.SUPERSEDED)) {
      StaleHeartbeatSweep sweep =
          sweepWith(promotionLeftAt(fleet.now().minus(Duration.ofHours(1)), status));

      assertThat(sweep.run().stuckPromotion()).as(status.name()).isEmpty();
    }
    assertThat(fleet.metrics.sum(MetricNames.PROMOTION_STUCK)).isZero();
  }

  @Test
  void aBatonNoPromotionMovedHasNothingToReport() {
    StaleHeartbeatSweep sweep = sweepWith(new InMemoryJournal());

    assertThat(sweep.run().stuckPromotion()).isEmpty();
  }
}
