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
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's outage semantics (docs/decisions/0020), at the default timings, for every beat phase
 * on a 100 ms grid: an outage of every instance of the active region shorter than 8 s never makes
 * it UNHEALTHY, and a long one is asked to fail over within the detection bound. The agents are
 * modelled as {@code Agent} beats: every {@code heartbeatInterval} plus or minus the jitter, every
 * {@link Timings#fastBeat} while the app fails its probe, a down beat carrying {@code upUntil}
 * (midway between the last good probe and the first failed one), a restarted agent beating at once.
 * Every beat reaches the monitor {@code delta} after it is sent, up to the simulator's slowest
 * stream (replication 1 s, batching window 1 s, poll 250 ms), and the monitor evaluates at each
 * arrival. The jitter is drawn from a seed, printed and settable with {@code -Dbaton.outage.seed}.
 */
class OutageSemanticsTest {
  private static final Timings T = Timings.DEFAULTS;
  private static final Duration JITTER = Duration.ofMillis(250);
  private static final Duration PHASE_STEP = Duration.ofMillis(100);
  private static final List<Duration> DELTAS =
      List.of(Duration.ZERO, Duration.ofMillis(1_250), Duration.ofMillis(2_250));
  private static final long SEED = Long.getLong("baton.outage.seed", 20_261_205L);

  /** How the region's instances fail. */
  enum Failure {
    /** The apps fail their probe: the agents keep beating UNHEALTHY, fast. */
    APP_DOWN,
    /** The agents (or droplets) die: no beats until they restart. */
    SILENT
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Failure failure : Failure.values()) {
      for (int instances : List.of(1, 2, 3)) {
        for (Duration delta : DELTAS) {
          cases.add(Arguments.of(failure, instances, delta));
        }
      }
    }
    return cases.stream();
  }

  @Test
  void theBoundsAtTheDefaultsAreTheReadmesNumbers() {
    Duration slowestStream = DELTAS.get(DELTAS.size() - 1);
    // Blip tolerance: 15 - 2.5 - 0.25 - 1 - 2.25 = 9 s at the slowest stream: above 8 s.
    assertThat(T.blipTolerance(JITTER, slowestStream)).isEqualTo(Duration.ofSeconds(9));
    // Detection of a failing app: 15 + 2.625 + 1 = 18.625 s before the stream.
    assertThat(T.appDownDetection(JITTER)).isEqualTo(Duration.ofMillis(18_625));
    // Detection of silent instances: 15 + 7.5 = 22.5 s before jitter and the stream.
    assertThat(T.worstCaseDetection()).isEqualTo(Duration.ofMillis(22_500));
  }

  @ParameterizedTest(name = "{0}, {1} instance(s), stream delay {2}")
  @MethodSource("cases")
  void anOutageShorterThanEightSecondsNeverMakesTheRegionUnhealthy(
      Failure failure, int instances, Duration delta) {
    System.out.println("OutageSemanticsTest seed " + SEED + " (-Dbaton.outage.seed)");
    SplittableRandom random = new SplittableRandom(SEED + 31L * instances + failure.ordinal());
    List<Duration> lengths =
        List.of(
            Duration.ofMillis(500),
            Duration.ofSeconds(3),
            Duration.ofSeconds(6),
            Duration.ofMillis(7_999),
            Duration.ofMillis(random.nextLong(1, 8_000)));
    for (Duration length : lengths) {
      for (Duration phase = Duration.ZERO;
          phase.compareTo(T.heartbeatInterval()) < 0;
          phase = phase.plus(PHASE_STEP)) {
        Run run = new Run(failure, instances, delta, random.split(), phase, length);
        Outcome o = run.play();
        assertThat(o.unhealthyAt)
            .as(
                "seed %d: %s outage of %s at beat phase %s, stream delay %s: nyc1 turned"
                    + " UNHEALTHY (%s)",
                SEED, failure, length, phase, delta, o.reason)
            .isNull();
        assertThat(o.requestedAt).isNull();
      }
    }
  }

  @ParameterizedTest(name = "{0}, {1} instance(s), stream delay {2}")
  @MethodSource("cases")
  void aLongOutageIsFailedOverWithinTheDetectionBound(
      Failure failure, int instances, Duration delta) {
    System.out.println("OutageSemanticsTest seed " + SEED + " (-Dbaton.outage.seed)");
    SplittableRandom random = new SplittableRandom(SEED + 17L * instances + failure.ordinal());
    Duration bound =
        (failure == Failure.APP_DOWN
                ? T.appDownDetection(JITTER)
                : T.worstCaseDetection().plus(JITTER))
            .plus(delta);
    for (Duration phase = Duration.ZERO;
        phase.compareTo(T.heartbeatInterval()) < 0;
        phase = phase.plus(PHASE_STEP)) {
      Run run = new Run(failure, instances, delta, random.split(), phase, Duration.ofSeconds(60));
      Outcome o = run.play();
      assertThat(o.requestedAt)
          .as("seed %d: %s at beat phase %s, stream delay %s", SEED, failure, phase, delta)
          .isNotNull();
      Duration took = Duration.between(run.failedAt, o.requestedAt);
      assertThat(took)
          .as(
              "seed %d: %s at beat phase %s, stream delay %s: requested %s after the failure",
              SEED, failure, phase, delta, took)
          .isLessThanOrEqualTo(bound);
      // Never sooner than failAfter after the middle of the longest beat gap before the failure.
      assertThat(took)
          .isGreaterThanOrEqualTo(
              T.failAfter().minus(T.heartbeatInterval().dividedBy(2)).minus(JITTER));
    }
  }

  private record Outcome(Instant unhealthyAt, Instant requestedAt, String reason) {}

  /** One outage of every instance of nyc1 (the active region); ams3 stays up. */
  private static final class Run {
    private final Failure failure;
    private final Duration delta;
    private final SplittableRandom random;
    private final Instant failedAt;
    private final Instant backAt;
    private final Instant end;
    private final Evaluator evaluator = new Evaluator(Fixtures.topology("nyc1", "ams3"));
    private final Baton baton = Fixtures.baton("nyc1", 1);
    private final List<SimAgent> agents = new ArrayList<>();

    Run(
        Failure failure,
        int instances,
        Duration delta,
        SplittableRandom random,
        Duration phase,
        Duration length) {
      this.failure = failure;
      this.delta = delta;
      this.random = random;
      // The first nyc1 agent beats at T0 + k x interval (before jitter); the outage starts at
      // `phase` into one of its beat gaps, the others at random phases.
      this.failedAt = T0.plusSeconds(40).plus(phase);
      this.backAt = failedAt.plus(length);
      this.end = backAt.plus(T.worstCaseDetection()).plusSeconds(10);
      for (int i = 0; i < instances; i++) {
        long start = i == 0 ? 0 : random.nextLong(T.heartbeatInterval().toMillis());
        agents.add(new SimAgent("nyc1", "i-" + i, T0.plusMillis(start)));
      }
      for (int i = 0; i < 2; i++) {
        agents.add(
            new SimAgent(
                "ams3",
                "a-" + i,
                T0.plusMillis(random.nextLong(T.heartbeatInterval().toMillis()))));
      }
    }

    Outcome play() {
      PriorityQueue<SimAgent> due = new PriorityQueue<>((a, b) -> a.nextBeat.compareTo(b.nextBeat));
      due.addAll(agents);
      TreeMap<Instant, List<Heartbeat>> arrivals = new TreeMap<>();
      FleetView fleet = new FleetView();
      Map<String, RegionState> states = new HashMap<>();
      Instant unhealthyAt = null;
      String reason = null;
      while (true) {
        Instant nextBeat = due.isEmpty() ? end : due.peek().nextBeat;
        Instant nextArrival = arrivals.isEmpty() ? end : arrivals.firstKey();
        if (!nextBeat.isBefore(end) && !nextArrival.isBefore(end)) {
          return new Outcome(unhealthyAt, null, reason);
        }
        if (nextBeat.isBefore(nextArrival)) {
          SimAgent agent = due.poll();
          Heartbeat beat = agent.beat(nextBeat);
          if (beat != null) {
            arrivals.computeIfAbsent(nextBeat.plus(delta), k -> new ArrayList<>()).add(beat);
          }
          due.add(agent);
          continue;
        }
        Map.Entry<Instant, List<Heartbeat>> batch = arrivals.pollFirstEntry();
        Instant now = batch.getKey();
        batch.getValue().forEach(fleet::apply);
        Evaluation e = evaluator.evaluate(fleet, states, baton, now, T0.minusSeconds(3600));
        states = new HashMap<>(e.regions());
        for (PersistTransition p : e.actions(PersistTransition.class)) {
          states.put(p.next().region(), p.next());
        }
        if (unhealthyAt == null && states.get("nyc1").health() == RegionHealth.UNHEALTHY) {
          unhealthyAt = now;
          reason = states.get("nyc1").reason();
        }
        if (!e.actions(RequestPromotion.class).isEmpty()) {
          return new Outcome(unhealthyAt, now, reason);
        }
      }
    }

    /** One agent, beating as {@code Agent} does. */
    private final class SimAgent {
      private final String region;
      private final String instanceId;
      private Instant nextBeat;
      private long seq;
      private Instant lastGoodProbe;
      private Instant upUntil;
      private boolean failing;
      private boolean dead;

      SimAgent(String region, String instanceId, Instant firstBeat) {
        this.region = region;
        this.instanceId = instanceId;
        this.nextBeat = firstBeat;
      }

      /** Beats at {@code at} (or not, when dead) and schedules the next beat. */
      Heartbeat beat(Instant at) {
        boolean inOutage = region.equals("nyc1") && !at.isBefore(failedAt) && at.isBefore(backAt);
        if (failure == Failure.SILENT && region.equals("nyc1")) {
          if (inOutage) {
            // Killed at failedAt: no beat until the restart, which beats at once.
            dead = true;
            nextBeat = backAt;
            return null;
          }
          if (dead) {
            dead = false;
            lastGoodProbe = null;
          }
        }
        boolean appUp = failure != Failure.APP_DOWN || !inOutage;
        HeartbeatStatus status = appUp ? HeartbeatStatus.HEALTHY : HeartbeatStatus.UNHEALTHY;
        if (appUp) {
          lastGoodProbe = at;
          upUntil = null;
          failing = false;
        } else if (!failing) {
          failing = true;
          upUntil =
              lastGoodProbe == null
                  ? null
                  : at.minus(Duration.between(lastGoodProbe, at).dividedBy(2));
        }
        long jitter = random.nextLong(-JITTER.toMillis(), JITTER.toMillis() + 1);
        Duration regular = T.heartbeatInterval().plusMillis(jitter);
        Duration fast = Timings.fastBeat(T.heartbeatInterval());
        nextBeat = at.plus(failing && fast.compareTo(regular) < 0 ? fast : regular);
        if (failure == Failure.SILENT
            && region.equals("nyc1")
            && at.isBefore(failedAt)
            && !nextBeat.isBefore(failedAt)) {
          // The agent dies before this next beat: it wakes at failedAt only to find itself dead.
          nextBeat = failedAt;
        }
        return new Heartbeat(
            region, instanceId, status, ++seq, at, Map.of(), "t", at, 0, null, upUntil);
      }
    }
  }
}
