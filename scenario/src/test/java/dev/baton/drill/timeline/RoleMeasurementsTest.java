package dev.baton.drill.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.BatonMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoleMeasurementsTest {
  private static final Duration END = ms(10_000);

  private static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  private static DrillEvent role(long at, String instanceId, String to) {
    return new DrillEvent.AgentRoleChanged(ms(at), instanceId.substring(0, 4), instanceId, "", to);
  }

  private static DrillEvent router(long at, String router, String to) {
    return new DrillEvent.RouterTargetChanged(ms(at), router, "", to);
  }

  private static DrillEvent baton(long at, String region) {
    return new DrillEvent.BatonChanged(ms(at), region, 1, BatonMode.AUTO, "");
  }

  private static RoleMeasurements measure(DrillEvent... events) {
    List<DrillEvent> sorted = new ArrayList<>(List.of(events));
    sorted.sort(Comparator.comparing(DrillEvent::at));
    return RoleMeasurements.of(sorted, END);
  }

  @Test
  void aDrillWithoutSampledRolesMeasuresNothing() {
    assertThat(RoleMeasurements.of(SyntheticDrill.regionOutage(), END))
        .isEqualTo(RoleMeasurements.NONE);
  }

  @Test
  void aCleanHandOverHasNoDualActiveTime() {
    RoleMeasurements m =
        measure(
            role(0, "nyc1-1", "active"),
            role(0, "ams3-1", "standby"),
            role(4_000, "nyc1-1", "standby"),
            role(4_000, "ams3-1", "active"));
    assertThat(m.dualActive()).isZero();
    assertThat(m.maxDualActive()).isZero();
    assertThat(m.noActive()).isZero();
  }

  @Test
  void dualActiveRunsFromTheSecondRegionActiveToTheFirstSteppingDown() {
    RoleMeasurements m =
        measure(
            role(0, "nyc1-1", "active"),
            role(0, "ams3-1", "standby"),
            role(4_000, "ams3-1", "active"),
            role(4_250, "nyc1-1", "fenced"));
    assertThat(m.dualActive()).isEqualTo(ms(250));
    assertThat(m.maxDualActive()).isEqualTo(ms(250));
  }

  @Test
  void twoActiveAgentsOfOneRegionAreNotDualActive() {
    RoleMeasurements m =
        measure(
            role(0, "nyc1-1", "active"), role(0, "nyc1-2", "active"), role(0, "ams3-1", "down"));
    assertThat(m.dualActive()).isZero();
  }

  @Test
  void dualActiveStillOpenAtTheEndCountsUpToTheEnd() {
    RoleMeasurements m =
        measure(
            role(0, "nyc1-1", "active"),
            role(0, "ams3-1", "standby"),
            role(9_000, "ams3-1", "active"));
    assertThat(m.dualActive()).isEqualTo(ms(1_000));
    assertThat(m.maxDualActive()).isEqualTo(ms(1_000));
  }

  @Test
  void flappingAddsEverySpanAndTheLongestIsKept() {
    RoleMeasurements m =
        measure(
            role(0, "nyc1-1", "active"),
            role(0, "ams3-1", "standby"),
            role(1_000, "ams3-1", "active"),
            role(1_100, "ams3-1", "standby"),
            role(2_000, "ams3-1", "active"),
            role(2_300, "ams3-1", "standby"),
            role(3_000, "ams3-1", "active"),
            role(3_050, "ams3-1", "standby"));
    assertThat(m.dualActive()).isEqualTo(ms(450));
    assertThat(m.maxDualActive()).isEqualTo(ms(300));
  }

  @Test
  void aSpanThatMovesBetweenAgentsAndRegionsIsOneSpan() {
    // nyc1-1 hands its activity to nyc1-2 and sfo3 joins, all while ams3 stays active.
    RoleMeasurements m =
        measure(
            role(0, "nyc1-1", "active"),
            role(0, "ams3-1", "active"),
            role(500, "nyc1-2", "active"),
            role(600, "nyc1-1", "standby"),
            role(700, "sfo3-1", "active"),
            role(800, "nyc1-2", "down"),
            role(900, "sfo3-1", "standby"));
    assertThat(m.dualActive()).isEqualTo(ms(900));
    assertThat(m.maxDualActive()).isEqualTo(ms(900));
  }

  @Test
  void noActiveCountsFromTheFirstActiveAgent() {
    RoleMeasurements m =
        measure(
            role(0, "nyc1-1", "unknown"),
            role(0, "ams3-1", "unknown"),
            role(2_000, "nyc1-1", "active"),
            role(5_000, "nyc1-1", "down"),
            role(5_400, "ams3-1", "active"));
    assertThat(m.noActive()).isEqualTo(ms(400));
  }

  @Test
  void noActiveStillOpenAtTheEndCountsUpToTheEnd() {
    RoleMeasurements m = measure(role(1_000, "nyc1-1", "active"), role(8_000, "nyc1-1", "fenced"));
    assertThat(m.noActive()).isEqualTo(ms(2_000));
  }

  @Test
  void aDrillWhereNoAgentWasEverActiveHasNoNoActiveTime() {
    assertThat(measure(role(0, "nyc1-1", "standby")).noActive()).isZero();
  }

  @Test
  void trafficMismatchRunsFromTheBatonMovingToTheLastRouterFollowing() {
    RoleMeasurements m =
        measure(
            baton(0, "nyc1"),
            router(50, "do-global-lb", "nyc1"),
            router(50, "cloudflare-dns", "nyc1"),
            baton(4_000, "ams3"),
            router(4_400, "do-global-lb", "ams3"),
            router(4_900, "cloudflare-dns", "ams3"));
    assertThat(m.trafficMismatch()).isEqualTo(ms(900));
  }

  @Test
  void anUnreadableRouterIsAMismatchAndOneStillWrongAtTheEndCountsToTheEnd() {
    RoleMeasurements m =
        measure(
            baton(0, "nyc1"),
            router(0, "do-dns", "nyc1"),
            router(1_000, "do-dns", "?"),
            router(1_200, "do-dns", "nyc1"),
            router(9_500, "do-dns", "203.0.113.9"));
    assertThat(m.trafficMismatch()).isEqualTo(ms(700));
  }

  @Test
  void trafficIsNotJudgedBeforeTheBatonIsKnown() {
    RoleMeasurements m = measure(router(0, "do-dns", "ams3"), baton(3_000, "ams3"));
    assertThat(m.trafficMismatch()).isZero();
  }

  @Test
  void eventsAfterTheEndAreIgnored() {
    RoleMeasurements m =
        measure(
            role(0, "nyc1-1", "active"),
            role(0, "ams3-1", "standby"),
            role(10_000, "ams3-1", "active"),
            role(12_000, "nyc1-1", "standby"));
    assertThat(m.dualActive()).isZero();
  }

  @Test
  void theSyntheticFailoverMeasuresItsOverlapAndItsTrafficShift() {
    RoleMeasurements clean = RoleMeasurements.of(SyntheticDrill.withRoles(false), ms(180_000));
    RoleMeasurements overlap = RoleMeasurements.of(SyntheticDrill.withRoles(true), ms(180_000));
    assertThat(clean.dualActive()).isZero();
    // nyc1 stepped down at 46.7 s, ams3 took over at 46.9 s; at the failback 160.45 to 160.5 s.
    assertThat(clean.noActive()).isEqualTo(ms(250));
    assertThat(overlap.dualActive()).isEqualTo(ms(400));
    assertThat(overlap.noActive()).isEqualTo(ms(50));
    // 46.52 to 47.10 s and 160.11 to 160.80 s.
    assertThat(overlap.trafficMismatch()).isEqualTo(ms(1_270));
  }

  static LongStream seeds() {
    return new Random(20261204).longs(40);
  }

  /** Seeded random histories, checked against a millisecond-by-millisecond replay. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void measuresAgreeWithAReplayOfEveryMillisecond(long seed) {
    Random random = new Random(seed);
    String[] instances = {"nyc1-1", "nyc1-2", "ams3-1", "sfo3-1"};
    String[] roles = {"active", "standby", "fenced", "unknown", "down"};
    String[] targets = {"nyc1", "ams3", "sfo3", "?"};
    String[] regions = {"nyc1", "ams3", "sfo3"};
    List<DrillEvent> events = new ArrayList<>();
    int n = random.nextInt(60);
    for (int i = 0; i < n; i++) {
      long at = random.nextInt(12_000); // some after END
      switch (random.nextInt(3)) {
        case 0 -> events.add(role(at, instances[random.nextInt(4)], roles[random.nextInt(5)]));
        case 1 ->
            events.add(
                router(
                    at,
                    random.nextBoolean() ? "do-dns" : "do-global-lb",
                    targets[random.nextInt(4)]));
        default -> events.add(baton(at, regions[random.nextInt(3)]));
      }
    }
    events.sort(Comparator.comparing(DrillEvent::at));
    RoleMeasurements measured = RoleMeasurements.of(events, END);
    assertThat(measured).as("seed %d: %s", seed, events).isEqualTo(replay(events, END.toMillis()));
  }

  /** The measures from the state at every millisecond (all events at or before it applied). */
  private static RoleMeasurements replay(List<DrillEvent> events, long end) {
    Map<String, DrillEvent.AgentRoleChanged> roles = new HashMap<>();
    Map<String, String> routers = new HashMap<>();
    String holder = null;
    long dual = 0;
    long run = 0;
    long longest = 0;
    long none = 0;
    long mismatch = 0;
    boolean seenActive = false;
    int next = 0;
    for (long t = 0; t < end; t++) {
      while (next < events.size() && events.get(next).at().toMillis() <= t) {
        DrillEvent e = events.get(next++);
        if (e instanceof DrillEvent.AgentRoleChanged r) {
          roles.put(r.instanceId(), r);
        } else if (e instanceof DrillEvent.RouterTargetChanged r) {
          routers.put(r.router(), r.to());
        } else if (e instanceof DrillEvent.BatonChanged b) {
          holder = b.activeRegion();
        }
      }
      Set<String> active = new HashSet<>();
      roles.values().stream()
          .filter(r -> r.to().equals("active"))
          .forEach(r -> active.add(r.region()));
      if (active.size() >= 2) {
        dual++;
        run++;
        longest = Math.max(longest, run);
      } else {
        run = 0;
      }
      seenActive |= !active.isEmpty();
      if (seenActive && active.isEmpty()) {
        none++;
      }
      String h = holder;
      if (h != null && routers.values().stream().anyMatch(x -> !x.equals(h))) {
        mismatch++;
      }
    }
    return new RoleMeasurements(ms(dual), ms(longest), ms(none), ms(mismatch));
  }
}
