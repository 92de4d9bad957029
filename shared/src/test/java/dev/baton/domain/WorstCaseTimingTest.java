package dev.baton.domain;

import static dev.baton.domain.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Action.PersistTransition;
import dev.baton.domain.Action.RequestPromotion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's timing promise at its slowest: the evaluator, run at each heartbeat that reaches the
 * monitor, requests the promotion at most {@code failAfter + 1.5 x heartbeatInterval} after the
 * active region fails (stream delay comes on top): a silent instance counts as up until half an
 * interval after its last beat, and the next evaluation may come a whole interval later. It never
 * asks before {@code failAfter} has passed since the region was last known up. Checked for every
 * failure instant within one heartbeat interval (100 ms steps), for several beat phases, for a
 * region that dies silently and one whose agents report UNHEALTHY at the regular interval without
 * {@code upUntil} (agents older than docs/decisions/0020; {@code OutageSemanticsTest} checks the
 * current agent's fast beats), with one instance and with three.
 */
class WorstCaseTimingTest {
  private static final Timings TIMINGS = Timings.DEFAULTS;
  private static final Duration STEP = Duration.ofMillis(100);

  enum Failure {
    /** The droplets die: no more beats. */
    SILENT,
    /** The app fails its probe: the agents keep beating UNHEALTHY. */
    REPORTS_UNHEALTHY
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Failure failure : Failure.values()) {
      for (List<Long> activePhases : List.of(List.of(0L), List.of(0L, 1_300L, 3_700L))) {
        for (long standbyPhase : List.of(0L, 1_100L, 2_500L, 4_900L)) {
          cases.add(Arguments.of(failure, activePhases, standbyPhase));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, active beat phases {1} ms, standby phase {2} ms")
  @MethodSource("cases")
  void promotionIsRequestedWithinFailAfterPlusOneAndAHalfHeartbeatIntervalsOfTheFailure(
      Failure failure, List<Long> activePhases, long standbyPhase) {
    Duration bound = TIMINGS.worstCaseDetection();
    assertThat(bound)
        .isEqualTo(
            TIMINGS.failAfter().plus(TIMINGS.heartbeatInterval().multipliedBy(3).dividedBy(2)));
    for (Duration offset = Duration.ZERO;
        offset.compareTo(TIMINGS.heartbeatInterval()) < 0;
        offset = offset.plus(STEP)) {
      Instant failedAt = T0.plusSeconds(20).plus(offset);
      Outcome o = run(failure, activePhases, standbyPhase, failedAt);
      assertThat(Duration.between(failedAt, o.requestedAt))
          .as("failure at %s: requested at %s", failedAt, o.requestedAt)
          .isLessThanOrEqualTo(bound)
          .isPositive();
      assertThat(Duration.between(o.quorumLastUp, o.requestedAt))
          .as("failure at %s: not before failAfter since a majority was last known up", failedAt)
          .isGreaterThanOrEqualTo(TIMINGS.failAfter());
    }
  }

  /**
   * @param requestedAt when the evaluator asked for the promotion
   * @param quorumLastUp the last instant a majority of the active region's instances had each
   *     beaten HEALTHY: the time the region was last known up
   */
  private record Outcome(Instant requestedAt, Instant quorumLastUp) {}

  private static Outcome run(
      Failure failure, List<Long> activePhases, long standbyPhase, Instant failedAt) {
    Topology topology = Fixtures.topology("nyc1", "ams3");
    Evaluator evaluator = new Evaluator(topology);
    Baton baton = Fixtures.baton("nyc1", 1);
    // Every beat, in time order: the stream delivers each and the function evaluates.
    TreeMap<Instant, List<String>> beats = new TreeMap<>();
    Duration interval = TIMINGS.heartbeatInterval();
    Instant end = failedAt.plus(Duration.ofSeconds(30));
    for (int i = 0; i < activePhases.size(); i++) {
      for (Instant t = T0.plusMillis(activePhases.get(i)); t.isBefore(end); t = t.plus(interval)) {
        beats.computeIfAbsent(t, k -> new ArrayList<>()).add("nyc1/i-" + i);
      }
    }
    for (Instant t = T0.plusMillis(standbyPhase); t.isBefore(end); t = t.plus(interval)) {
      beats.computeIfAbsent(t, k -> new ArrayList<>()).add("ams3/a-1");
    }
    FleetView fleet = new FleetView();
    Map<String, RegionState> states = new HashMap<>();
    Map<String, Long> seqs = new HashMap<>();
    Map<String, Instant> lastHealthyBeat = new HashMap<>();
    for (Map.Entry<Instant, List<String>> round : beats.entrySet()) {
      Instant now = round.getKey();
      boolean delivered = false;
      for (String key : round.getValue()) {
        String[] parts = key.split("/");
        boolean active = parts[0].equals("nyc1");
        boolean failed = active && !now.isBefore(failedAt);
        if (failed && failure == Failure.SILENT) {
          continue;
        }
        HeartbeatStatus status = failed ? HeartbeatStatus.UNHEALTHY : HeartbeatStatus.HEALTHY;
        if (active && !failed) {
          lastHealthyBeat.put(key, now);
        }
        long seq = seqs.merge(key, 1L, Long::sum);
        fleet.apply(new Heartbeat(parts[0], parts[1], status, seq, now, Map.of(), "t", now));
        delivered = true;
      }
      if (!delivered) {
        continue;
      }
      Evaluation e = evaluator.evaluate(fleet, states, baton, now, T0.minusSeconds(3600));
      states = new HashMap<>(e.regions());
      for (PersistTransition p : e.actions(PersistTransition.class)) {
        states.put(p.next().region(), p.next());
      }
      if (!e.actions(RequestPromotion.class).isEmpty()) {
        assertThat(now).as("no promotion before the failure").isAfterOrEqualTo(failedAt);
        List<Instant> ups = lastHealthyBeat.values().stream().sorted().toList();
        int majority = activePhases.size() / 2 + 1;
        return new Outcome(now, ups.get(ups.size() - majority));
      }
    }
    throw new AssertionError("no promotion requested within 30 s of a failure at " + failedAt);
  }
}
