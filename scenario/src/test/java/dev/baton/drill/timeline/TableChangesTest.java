package dev.baton.drill.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.OutsideVerdict;
import dev.baton.domain.OutsideView;
import dev.baton.domain.PerspectiveView;
import dev.baton.domain.PromotionKind;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.port.AuditLog;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import dev.baton.promotion.StepStatus;
import dev.baton.store.TableSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableChangesTest {
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private final TableChanges changes = new TableChanges(T0, Duration.ofSeconds(12));

  private static Instant t(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  private static Heartbeat beat(String instance, HeartbeatStatus status, long seq, double sentAt) {
    return new Heartbeat(
        "nyc1",
        instance,
        status,
        seq,
        t(sentAt),
        Map.of("app", new Check(status == HeartbeatStatus.HEALTHY, 3, "HTTP 200")),
        "dev",
        null);
  }

  private static TableSnapshot snapshot(
      double readAt,
      Baton baton,
      List<RegionState> states,
      List<Heartbeat> beats,
      List<PromotionRecord> promotions) {
    Map<String, RegionState> byRegion = new java.util.HashMap<>();
    states.forEach(s -> byRegion.put(s.region(), s));
    return new TableSnapshot(
        t(readAt), Optional.ofNullable(baton), byRegion, beats, promotions, List.of(), List.of());
  }

  private static Baton baton(String region, long epoch, BatonMode mode, double since) {
    return new Baton(region, epoch, mode, t(since), "why", null, List.of(), 1);
  }

  private static RegionState state(String region, RegionHealth health, double since) {
    return new RegionState(region, health, t(since), t(since), null, 1, 2, health + " because", 1);
  }

  @Test
  void firstSnapshotShowsTheInitialStateAtItsItemTimesClampedToTheDrillStart() {
    List<DrillEvent> events =
        changes.next(
            snapshot(
                0.2,
                baton("nyc1", 1, BatonMode.AUTO, -5),
                List.of(),
                List.of(beat("nyc1-1", HeartbeatStatus.HEALTHY, 7, 0.1)),
                List.of()));
    assertThat(events)
        .containsExactly(
            new DrillEvent.BatonChanged(Duration.ZERO, "nyc1", 1, BatonMode.AUTO, "why"),
            new DrillEvent.HeartbeatChanged(
                Duration.ofMillis(100), "nyc1", "nyc1-1", "NONE", "HEALTHY", "HTTP 200"));
  }

  @Test
  void nothingChangedMeansNoEvent() {
    TableSnapshot s =
        snapshot(
            1,
            baton("nyc1", 1, BatonMode.AUTO, 0),
            List.of(state("nyc1", RegionHealth.HEALTHY, 0.5)),
            List.of(beat("nyc1-1", HeartbeatStatus.HEALTHY, 7, 0.9)),
            List.of());
    changes.next(s);
    TableSnapshot later =
        snapshot(
            2,
            baton("nyc1", 1, BatonMode.AUTO, 0),
            List.of(state("nyc1", RegionHealth.HEALTHY, 0.5)),
            List.of(beat("nyc1-1", HeartbeatStatus.HEALTHY, 8, 1.9)),
            List.of());
    assertThat(changes.next(later)).isEmpty();
  }

  @Test
  void healthTransitionsAndHandOversArePlacedAtTheirOwnTimes() {
    changes.next(
        snapshot(
            10,
            baton("nyc1", 1, BatonMode.AUTO, 0),
            List.of(state("nyc1", RegionHealth.SUSPECT, 9)),
            List.of(),
            List.of()));
    List<DrillEvent> events =
        changes.next(
            snapshot(
                10.5,
                baton("ams3", 2, BatonMode.AUTO, 10.3),
                List.of(state("nyc1", RegionHealth.UNHEALTHY, 10.2)),
                List.of(),
                List.of()));
    assertThat(events)
        .containsExactly(
            new DrillEvent.RegionHealthChanged(
                Duration.ofMillis(10_200),
                "nyc1",
                RegionHealth.SUSPECT,
                RegionHealth.UNHEALTHY,
                "UNHEALTHY because"),
            new DrillEvent.BatonChanged(
                Duration.ofMillis(10_300), "ams3", 2, BatonMode.AUTO, "why"));
  }

  @Test
  void aModeChangeIsABatonEvent() {
    changes.next(snapshot(1, baton("nyc1", 1, BatonMode.AUTO, 0), List.of(), List.of(), List.of()));
    assertThat(
            changes.next(
                snapshot(
                    2, baton("nyc1", 1, BatonMode.FROZEN, 1.5), List.of(), List.of(), List.of())))
        .extracting(e -> ((DrillEvent.BatonChanged) e).mode())
        .containsExactly(BatonMode.FROZEN);
  }

  @Test
  void anInstanceWhoseBeatsStopBecomesSilentThenComesBack() {
    changes.next(
        snapshot(
            1, null, List.of(), List.of(beat("nyc1-1", HeartbeatStatus.HEALTHY, 7, 1)), List.of()));
    assertThat(
            changes.next(
                snapshot(
                    12.5,
                    null,
                    List.of(),
                    List.of(beat("nyc1-1", HeartbeatStatus.HEALTHY, 7, 1)),
                    List.of())))
        .isEmpty();
    List<DrillEvent> silent =
        changes.next(
            snapshot(
                13.5,
                null,
                List.of(),
                List.of(beat("nyc1-1", HeartbeatStatus.HEALTHY, 7, 1)),
                List.of()));
    assertThat(silent).hasSize(1);
    DrillEvent.HeartbeatChanged s = (DrillEvent.HeartbeatChanged) silent.get(0);
    assertThat(s.to()).isEqualTo("SILENT");
    assertThat(s.at()).isEqualTo(Duration.ofSeconds(13));
    assertThat(s.detail()).startsWith("no beat since seq 7");
    List<DrillEvent> back =
        changes.next(
            snapshot(
                20,
                null,
                List.of(),
                List.of(beat("nyc1-1", HeartbeatStatus.HEALTHY, 8, 19.9)),
                List.of()));
    assertThat(back)
        .extracting(
            e ->
                ((DrillEvent.HeartbeatChanged) e).from()
                    + ">"
                    + ((DrillEvent.HeartbeatChanged) e).to())
        .containsExactly("SILENT>HEALTHY");
  }

  @Test
  void finishedStepsAndTheEndOfAPromotionAreShownOnce() {
    Instant created = t(20);
    StepRecord validate =
        new StepRecord("validate", StepStatus.SUCCEEDED, 1, "ok", t(20.0), t(20.02));
    StepRecord claim =
        new StepRecord("claim", StepStatus.SUCCEEDED, 1, "epoch 2", t(20.02), t(20.05));
    StepRecord shift =
        new StepRecord("shift:do-global-lb", StepStatus.RUNNING, 1, "", t(20.05), null);
    PromotionRecord running =
        promotion(PromotionStatus.RUNNING, List.of(validate, claim, shift), created, t(20.05));
    List<DrillEvent> first =
        changes.next(snapshot(20.1, null, List.of(), List.of(), List.of(running)));
    assertThat(first)
        .extracting(e -> ((DrillEvent.PromotionStep) e).step())
        .containsExactly("validate", "claim");
    StepRecord shifted =
        new StepRecord("shift:do-global-lb", StepStatus.FAILED, 3, "HTTP 500", t(20.05), t(21.0));
    PromotionRecord failed =
        promotion(PromotionStatus.FAILED, List.of(validate, claim, shifted), created, t(21.0));
    List<DrillEvent> second =
        changes.next(snapshot(21.2, null, List.of(), List.of(), List.of(failed)));
    assertThat(second).hasSize(2);
    DrillEvent.PromotionStep step = (DrillEvent.PromotionStep) second.get(0);
    assertThat(step.failed()).isTrue();
    assertThat(step.took()).isEqualTo(Duration.ofMillis(950));
    assertThat(step.attempts()).isEqualTo(3);
    DrillEvent.PromotionEnded ended = (DrillEvent.PromotionEnded) second.get(1);
    assertThat(ended.status()).isEqualTo("FAILED");
    assertThat(ended.reason()).isEqualTo("at shift:do-global-lb: HTTP 500");
    assertThat(changes.next(snapshot(22, null, List.of(), List.of(), List.of(failed)))).isEmpty();
  }

  @Test
  void alarmsAndFailoverRequestsComeFromTheAuditLogAtTheirDecisionTime() {
    AuditLog.Entry alarm =
        new AuditLog.Entry(t(40.5), "alarm", "OBSERVER_SUSPECT", "every region down", Map.of());
    AuditLog.Entry request =
        new AuditLog.Entry(
            t(41.2),
            "failover-requested",
            "nyc1->ams3",
            "nyc1 UNHEALTHY",
            Map.of("from", "nyc1", "to", "ams3", "requestedBy", "baton:health-transition"));
    AuditLog.Entry transition =
        new AuditLog.Entry(t(41.0), "region-transition", "nyc1", "x", Map.of());
    TableSnapshot s =
        new TableSnapshot(
            t(42),
            Optional.empty(),
            Map.of(),
            List.of(),
            List.of(),
            List.of(alarm, transition, request),
            List.of());
    assertThat(changes.next(s))
        .containsExactly(
            new DrillEvent.AlarmRaised(
                Duration.ofMillis(40_500), "OBSERVER_SUSPECT", "every region down"),
            new DrillEvent.PromotionRequested(
                Duration.ofMillis(41_200),
                "failover",
                "nyc1",
                "ams3",
                "baton:health-transition",
                "nyc1 UNHEALTHY"));
    assertThat(changes.next(s)).isEmpty();
  }

  private static PromotionRecord promotion(
      PromotionStatus status, List<StepRecord> steps, Instant created, Instant updated) {
    return new PromotionRecord(
        "p-1",
        PromotionKind.AUTO_FAILOVER,
        "nyc1",
        "ams3",
        1,
        2,
        "baton:health-transition",
        "nyc1 down",
        "",
        List.of(),
        false,
        false,
        status,
        steps,
        created,
        updated,
        1,
        List.of());
  }

  /** nyc1's state (HEALTHY throughout) with an outside view of {@code perspectives}. */
  private static RegionState judged(OutsideVerdict verdict, PerspectiveView... perspectives) {
    return new RegionState(
        "nyc1",
        RegionHealth.HEALTHY,
        t(-5),
        t(-5),
        t(-5),
        2,
        2,
        "up",
        1,
        new OutsideView("nyc1", verdict, List.of(perspectives), null));
  }

  private static PerspectiveView up(String perspective) {
    return new PerspectiveView(perspective, OutsideVerdict.UP, 0, 2, null, false, "");
  }

  private static PerspectiveView down(String perspective, double since, boolean suspect) {
    return new PerspectiveView(
        perspective, OutsideVerdict.DOWN, 2, 2, t(since), suspect, "connection refused");
  }

  private List<DrillEvent> read(double at, RegionState state) {
    return changes.next(snapshot(at, null, List.of(state), List.of(), List.of()));
  }

  @Test
  void eachPerspectivesVerdictChangeOnARegionIsAnEventDownAtItsProbersOwnTime() {
    List<DrillEvent> first = read(1.0, judged(OutsideVerdict.UP, up("ams3"), up("aws:us-east-2")));
    List<DrillEvent> same = read(1.5, judged(OutsideVerdict.UP, up("ams3"), up("aws:us-east-2")));
    List<DrillEvent> down =
        read(
            3.0,
            judged(
                OutsideVerdict.DOWN, down("ams3", 2.2, false), down("aws:us-east-2", 2.6, false)));
    List<DrillEvent> suspect =
        read(
            3.5,
            judged(
                OutsideVerdict.DOWN, down("ams3", 2.2, false), down("aws:us-east-2", 2.6, true)));
    List<DrillEvent> gone =
        read(4.0, judged(OutsideVerdict.UNKNOWN, down("aws:us-east-2", 2.6, true)));
    // With three monitors each stores only its own AWS perspective: another monitor's state
    // without this one says nothing of it.
    List<DrillEvent> otherMonitor =
        read(4.5, judged(OutsideVerdict.UNKNOWN, down("aws:us-west-2", 2.6, true)));

    assertThat(first)
        .filteredOn(DrillEvent.PerspectiveChanged.class::isInstance)
        .containsExactly(
            new DrillEvent.PerspectiveChanged(
                Duration.ofMillis(1000), "nyc1", "ams3", null, "up", false, "0 of 2 probers fail"),
            new DrillEvent.PerspectiveChanged(
                Duration.ofMillis(1000),
                "nyc1",
                "aws:us-east-2",
                null,
                "up",
                false,
                "0 of 2 probers fail"));
    assertThat(same).isEmpty();
    assertThat(down)
        .containsExactly(
            new DrillEvent.PerspectiveChanged(
                Duration.ofMillis(2200),
                "nyc1",
                "ams3",
                "up",
                "down",
                false,
                "2 of 2 probers fail: connection refused"),
            new DrillEvent.PerspectiveChanged(
                Duration.ofMillis(2600),
                "nyc1",
                "aws:us-east-2",
                "up",
                "down",
                false,
                "2 of 2 probers fail: connection refused"));
    assertThat(suspect)
        .singleElement()
        .satisfies(
            e ->
                assertThat(TimelinePrinter.line(e))
                    .isEqualTo(
                        "   +3.50s  outside    aws:us-east-2 sees nyc1 down -> down (suspect: left"
                            + " out): 2 of 2 probers fail: connection refused"));
    assertThat(gone)
        .containsExactly(
            new DrillEvent.PerspectiveChanged(
                Duration.ofMillis(4000),
                "nyc1",
                "ams3",
                "down",
                "unknown",
                false,
                "no fresh probe"));
    assertThat(otherMonitor)
        .extracting(e -> ((DrillEvent.PerspectiveChanged) e).perspective())
        .containsExactly("aws:us-west-2");
  }

  @Test
  void aRegionJudgedFromInsideOnlyOrWithoutAnOutsideViewHasNoPerspectiveEvents() {
    RegionState insideOnly =
        new RegionState(
            "nyc1",
            RegionHealth.HEALTHY,
            t(-5),
            t(-5),
            t(-5),
            2,
            2,
            "up",
            1,
            OutsideView.insideOnly("nyc1"));

    assertThat(read(1.0, insideOnly)).noneMatch(DrillEvent.PerspectiveChanged.class::isInstance);
    assertThat(read(2.0, state("ams3", RegionHealth.HEALTHY, -5)))
        .noneMatch(DrillEvent.PerspectiveChanged.class::isInstance);
  }

  @Test
  void theVerdictsSurviveTheStoredItemTheWatcherReads() {
    RegionState stored =
        judged(OutsideVerdict.UNKNOWN, down("ams3", 0.4, true), up("aws:us-east-2"));
    RegionState read =
        dev.baton.store.RegionStateItems.fromItem(dev.baton.store.RegionStateItems.toItem(stored));

    assertThat(read(1.0, read))
        .filteredOn(DrillEvent.PerspectiveChanged.class::isInstance)
        .extracting(TimelinePrinter::line)
        .containsExactly(
            "   +0.40s  outside    ams3 sees nyc1 down (suspect: left out): 2 of 2 probers fail:"
                + " connection refused",
            "   +1.00s  outside    aws:us-east-2 sees nyc1 up: 0 of 2 probers fail");
  }
}
