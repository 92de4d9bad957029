package dev.baton.domain;

import static dev.baton.domain.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Action.RaiseAlarm;
import dev.baton.domain.Action.RequestPromotion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inside and outside views combined (docs/decisions/0023), stepped second by second: agents
 * beat every interval carrying their probes of the other regions, the monitor probes every region
 * once an interval, and the evaluator runs every second. The world has an ingress and an egress
 * switch per region.
 */
class OutsideInEvaluatorTest {
  private static final Timings TIMINGS = Timings.DEFAULTS;

  private final Set<String> ingressCut = new HashSet<>();
  private final Set<String> egressCut = new HashSet<>();
  private final FleetView fleet = new FleetView();
  private final Map<String, OutsideProbeRuns> runs = new HashMap<>();
  private final List<String> regions = new ArrayList<>();
  private Topology topology;
  private Evaluator evaluator;
  private Map<String, RegionState> states = new HashMap<>();
  private boolean awsProbes = true;
  private long seq = 1;

  private void world(String... names) {
    List<RegionConfig> configs = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      regions.add(names[i]);
      configs.add(
          new RegionConfig(
              names[i], i + 1, "us-east-1", "lb", null, "https://" + names[i] + ".example/health"));
    }
    topology = new Topology("shop", configs, List.of(), TIMINGS, FailoverPolicy.DEFAULTS);
    evaluator = new Evaluator(topology);
  }

  private boolean reachable(String from, String to) {
    return !ingressCut.contains(to) && !egressCut.contains(from);
  }

  /**
   * One beat of instance {@code i} of {@code region} at {@code now}, probing every other region.
   */
  private void beat(String region, int i, Instant now) {
    String prober = region + "-" + i;
    OutsideProbeRuns mine =
        runs.computeIfAbsent(prober, p -> new OutsideProbeRuns(TIMINGS.heartbeatInterval()));
    Map<String, OutsideProbe> seen = new LinkedHashMap<>();
    for (String target : regions) {
      if (!target.equals(region)) {
        boolean ok = reachable(region, target);
        seen.put(target, mine.note(target, ok, ok ? "HTTP 200" : "connection refused", now));
      }
    }
    fleet.apply(
        new Heartbeat(region, prober, HeartbeatStatus.HEALTHY, seq++, now, Map.of(), "t", null)
            .withOutside(seen));
  }

  private void awsRound(Instant now) {
    OutsideProbeRuns mine =
        runs.computeIfAbsent("aws", p -> new OutsideProbeRuns(TIMINGS.heartbeatInterval()));
    Map<String, OutsideProbe> seen = new LinkedHashMap<>();
    for (String target : regions) {
      boolean ok = !ingressCut.contains(target);
      seen.put(target, mine.note(target, ok, ok ? "HTTP 200" : "connection refused", now));
    }
    fleet.recordOutside(new OutsideReport("aws:us-east-2", "stream", now, seen));
  }

  /** Every second from {@code from} to {@code to}: beats, probes, an evaluation; the actions. */
  private List<TimedAction> run(long from, long to) {
    List<TimedAction> out = new ArrayList<>();
    for (long s = from; s < to; s++) {
      Instant now = T0.plusSeconds(s);
      for (String region : regions) {
        for (int i = 1; i <= 2; i++) {
          // Two instances, beating at different offsets within the interval.
          if ((s + i * 2) % TIMINGS.heartbeatInterval().toSeconds() == 0) {
            beat(region, i, now);
          }
        }
      }
      if (awsProbes && s % TIMINGS.heartbeatInterval().toSeconds() == 0) {
        awsRound(now);
      }
      Evaluation e = evaluator.evaluate(fleet, states, baton(), now, T0);
      states = e.regions();
      for (Action a : e.actions()) {
        out.add(new TimedAction(s, a));
      }
    }
    return out;
  }

  private record TimedAction(long second, Action action) {}

  private static Baton baton() {
    return new Baton("nyc1", 3, BatonMode.AUTO, T0, "test", null, List.of(), 1);
  }

  private static long firstPromotion(List<TimedAction> actions) {
    return actions.stream()
        .filter(a -> a.action() instanceof RequestPromotion)
        .mapToLong(TimedAction::second)
        .min()
        .orElse(-1);
  }

  @ParameterizedTest(name = "cut at +{0} s into the interval")
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void anIngressCutIsFailedOverWithinTheBoundWhileItsAgentsBeatHealthy(int offset) {
    world("nyc1", "ams3");
    run(0, 60);
    long cut = 60 + offset;
    run(60, cut);
    ingressCut.add("nyc1");

    List<TimedAction> after = run(cut, cut + 60);

    long promoted = firstPromotion(after);
    assertThat(promoted).as("a promotion is requested").isPositive();
    // The request must leave the promotion (about 5 s of the bound) its time.
    assertThat(Duration.ofSeconds(promoted - cut))
        .isLessThanOrEqualTo(TIMINGS.outsideDetection().minusSeconds(5));
    RequestPromotion request =
        (RequestPromotion)
            after.stream()
                .filter(a -> a.action() instanceof RequestPromotion)
                .findFirst()
                .orElseThrow()
                .action();
    assertThat(request.request().to()).isEqualTo("ams3");
    RegionState nyc1 = states.get("nyc1");
    assertThat(nyc1.health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(nyc1.healthyInstances()).as("its agents beat HEALTHY throughout").isEqualTo(2);
    assertThat(nyc1.reason())
        .contains("down from outside (users cannot reach it while its agents beat)")
        .contains("2 of 2 instances up")
        .contains("outside down: 2 of 2 perspectives");
    assertThat(nyc1.outside().perspectives())
        .extracting(PerspectiveView::perspective)
        .containsExactly("ams3", "aws:us-east-2");
  }

  @Test
  void aCutEgressFailsNoOneOverAndRaisesPerspectiveSuspect() {
    world("nyc1", "ams3");
    run(0, 60);
    egressCut.add("ams3");

    List<TimedAction> after = run(60, 180);

    assertThat(firstPromotion(after)).as("no promotion").isEqualTo(-1);
    assertThat(states.get("nyc1").health()).isEqualTo(RegionHealth.HEALTHY);
    List<String> alarms =
        after.stream()
            .filter(
                a -> a.action() instanceof RaiseAlarm r && r.alarm() == Alarm.PERSPECTIVE_SUSPECT)
            .map(a -> ((RaiseAlarm) a.action()).reason())
            .toList();
    assertThat(alarms).isNotEmpty();
    assertThat(alarms.get(0)).contains("perspective ams3 sees every region it probes down");
    assertThat(states.get("ams3").health())
        .as("ams3's own endpoint still answers from outside: it stays a failover target")
        .isEqualTo(RegionHealth.HEALTHY);
  }

  @Test
  void withoutTheAwsPerspectiveTwoRegionsCannotTellAnIngressCutFromAnEgressCut() {
    world("nyc1", "ams3");
    awsProbes = false;
    run(0, 60);
    ingressCut.add("nyc1");

    List<TimedAction> after = run(60, 180);

    assertThat(firstPromotion(after))
        .as("one peer perspective alone never fails a region over")
        .isEqualTo(-1);
    assertThat(states.get("nyc1").reason()).doesNotContain("down from outside");
  }

  @Test
  void aRestoredIngressRecoversUnderTheSameHysteresis() {
    world("nyc1", "ams3");
    run(0, 60);
    ingressCut.add("nyc1");
    run(60, 100);
    assertThat(states.get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
    ingressCut.remove("nyc1");

    run(100, 110);
    assertThat(states.get("nyc1").health()).isEqualTo(RegionHealth.RECOVERING);
    run(110, 100 + TIMINGS.recoverAfter().toSeconds() - 5);
    assertThat(states.get("nyc1").health()).isEqualTo(RegionHealth.RECOVERING);
    run(
        100 + TIMINGS.recoverAfter().toSeconds() - 5,
        100 + TIMINGS.recoverAfter().toSeconds() + 10);
    assertThat(states.get("nyc1").health()).isEqualTo(RegionHealth.HEALTHY);
    assertThat(states.get("nyc1").reason()).contains("up from inside and outside");
  }

  @Test
  void aBlipShorterThanTheToleranceFailsNothing() {
    world("nyc1", "ams3");
    run(0, 60);
    ingressCut.add("nyc1");
    run(60, 66);
    ingressCut.remove("nyc1");

    List<TimedAction> after = run(66, 120);

    assertThat(firstPromotion(after)).isEqualTo(-1);
    assertThat(states.get("nyc1").health()).isEqualTo(RegionHealth.HEALTHY);
  }

  @Test
  void threeRegionsFailOverAnIngressCutWithoutAws() {
    world("nyc1", "ams3", "sfo3");
    awsProbes = false;
    run(0, 60);
    ingressCut.add("nyc1");

    List<TimedAction> after = run(60, 120);

    long promoted = firstPromotion(after);
    assertThat(promoted).isPositive();
    assertThat(Duration.ofSeconds(promoted - 60))
        .isLessThanOrEqualTo(TIMINGS.outsideDetection().minusSeconds(5));
  }

  @Test
  void theStoredEvidenceIsRefreshedWhenAVerdictChanges() {
    world("nyc1", "ams3");
    run(0, 60);
    Map<String, RegionState> stored = new HashMap<>(states);
    ingressCut.add("nyc1");
    run(60, 66);

    Evaluation e = evaluator.evaluate(fleet, states, stored, baton(), T0.plusSeconds(66), T0);

    assertThat(e.actions(Action.PersistTransition.class))
        .as("the outside verdict changed since the stored state: it is written")
        .anySatisfy(p -> assertThat(p.next().region()).isEqualTo("nyc1"));
  }
}
