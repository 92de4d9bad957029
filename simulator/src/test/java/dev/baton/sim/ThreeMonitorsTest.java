package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Timings;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.sim.droplet.SimulatedDroplet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14: a monitor in each of three AWS regions on a strongly consistent (MRSC) control table.
 * Each seed places the beats, the monitors' polls and the isolation differently; the seed is in the
 * test's name.
 */
class ThreeMonitorsTest {
  private static final String[] MONITORS = {"us-east-1", "us-east-2", "eu-west-1"};
  private static final Duration ISOLATED_AT = Duration.ofSeconds(30);
  private static final Duration APP_FAILS_AT = Duration.ofSeconds(45);

  static LongStream seeds() {
    long from = Long.getLong("baton.sim.monitors.from", 1);
    return LongStream.range(from, from + Long.getLong("baton.sim.monitors.seeds", 25));
  }

  private static Simulation threeMonitors(long seed) {
    return Simulation.builder(Topologies.twoRegions())
        .monitorRegions(MONITORS)
        .instancesPerRegion(2)
        .seed(seed)
        .build();
  }

  private static void stopApps(Simulation s, String region) {
    s.droplets(region).forEach(d -> d.app().stop());
  }

  /** The README's bound for a failing app with one monitor, plus the stream's delay. */
  private static Duration oneMonitorBound() {
    return Timings.DEFAULTS.appDownDetection(Duration.ofMillis(250)).plus(Duration.ofMillis(2_500));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theFirstMonitorRegionIsolatedThenTheActiveAppFailsFailsOverOnceWithinTheBound(long seed) {
    Simulation sim = threeMonitors(seed);
    sim.at(ISOLATED_AT, "isolate-aws-region us-east-1", s -> s.table().isolate("us-east-1"));
    sim.at(APP_FAILS_AT, "stop-app nyc1", s -> stopApps(s, "nyc1"));
    List<Set<String>> dual = new java.util.ArrayList<>();
    sim.onStep(
        s -> {
          if (s.activeRegions().size() > 1) {
            dual.add(s.activeRegions());
          }
        });

    sim.runUntil(Duration.ofSeconds(120));

    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    List<PromotionRecord> promotions = sim.promotions();
    assertThat(promotions).as("exactly one promotion").hasSize(1);
    PromotionRecord p = promotions.get(0);
    assertThat(p.status()).isEqualTo(PromotionStatus.SUCCEEDED);
    Duration requested = Duration.between(sim.spec().start(), p.createdAt());
    assertThat(requested.minus(APP_FAILS_AT))
        .as("seed %d: failover requested within the one-monitor bound", seed)
        .isLessThanOrEqualTo(oneMonitorBound());
    assertThat(sim.claimWinners().get(p.epoch()))
        .as("the isolated monitor in us-east-1 could not have claimed")
        .isNotEqualTo("us-east-1");
    assertThat(dual).as("single-active").isEmpty();
    assertThat(sim.raceBreaches()).isEmpty();
    assertThat(sim.failures()).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void threeMonitorsRaceOnEveryFailoverAndOnlyTheWinnerMovesTraffic(long seed) {
    Simulation sim = threeMonitors(seed);
    // Two failovers: nyc1's app fails, then (after the 10-minute cooldown between automatic
    // promotions) ams3's while nyc1 is back.
    sim.at(Duration.ofSeconds(40), "stop-app nyc1", s -> stopApps(s, "nyc1"));
    sim.at(
        Duration.ofSeconds(120),
        "start-app nyc1",
        s -> s.droplets("nyc1").forEach(d -> d.app().start()));
    sim.at(Duration.ofSeconds(700), "stop-app ams3", s -> stopApps(s, "ams3"));

    sim.runUntil(Duration.ofSeconds(780));

    assertThat(sim.raceBreaches())
        .as("one claim per epoch, no traffic move from a loser")
        .isEmpty();
    assertThat(sim.claimWinners()).as("both failovers claimed").hasSize(2);
    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("nyc1");
    // Every promotion that did not win its claim moved nothing: the providers were called only by
    // the regions that won a claim.
    assertThat(sim.providerCalls().keySet()).isSubsetOf(Set.copyOf(sim.claimWinners().values()));
    assertThat(sim.failures()).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anIsolatedMonitorRegionComesBackCatchesUpAndActsOnNothingStale(long seed) {
    Simulation sim = threeMonitors(seed);
    // us-east-2 is cut off while nyc1 fails over to ams3; it comes back 90 s later with a backlog
    // of beats and region states from before the failover.
    sim.at(ISOLATED_AT, "isolate-aws-region us-east-2", s -> s.table().isolate("us-east-2"));
    sim.at(APP_FAILS_AT, "stop-app nyc1", s -> stopApps(s, "nyc1"));
    sim.at(
        Duration.ofSeconds(120),
        "restore-aws-region us-east-2",
        s -> s.table().restore("us-east-2"));

    sim.runUntil(Duration.ofSeconds(119));
    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    long epoch = sim.baton().orElseThrow().epoch();

    sim.runUntil(Duration.ofSeconds(240));

    assertThat(sim.baton().orElseThrow().epoch())
        .as("seed %d: nothing moved after us-east-2 came back", seed)
        .isEqualTo(epoch);
    assertThat(sim.promotions()).hasSize(1);
    assertThat(sim.raceBreaches()).isEmpty();
    assertThat(sim.failures()).isEmpty();
    for (SimulatedDroplet d : sim.droplets("ams3")) {
      assertThat(d.role().orElseThrow().role().wireName()).isEqualTo("active");
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void whenEveryMonitorAsksForTheSameFailoverOneClaimWinsAndOnlyItMovesTraffic(long seed) {
    Simulation sim = threeMonitors(seed);
    sim.at(APP_FAILS_AT, "stop-app nyc1", s -> stopApps(s, "nyc1"));
    // Every monitor's detector decides the failover at the same instant, as soon as nyc1 is
    // UNHEALTHY as stored (before the home detector's own request is carried out).
    boolean[] asked = {false};
    sim.onStep(
        s -> {
          if (!asked[0]
              && s.regionStates().containsKey("nyc1")
              && s.regionStates().get("nyc1").health() == dev.baton.domain.RegionHealth.UNHEALTHY) {
            asked[0] = true;
            s.raceRequest(
                new dev.baton.domain.PromotionRequest.AutoFailover(
                    "nyc1",
                    "ams3",
                    1,
                    List.of("raced by every monitor"),
                    "baton:health-transition",
                    "nyc1 is UNHEALTHY",
                    false));
          }
        });

    sim.runUntil(Duration.ofSeconds(120));

    assertThat(asked[0]).isTrue();
    assertThat(sim.raceBreaches())
        .as("one claim per epoch, no traffic move from a loser")
        .isEmpty();
    assertThat(sim.claimWinners()).hasSize(1);
    String winner = sim.claimWinners().get(2L);
    assertThat(sim.providerCalls().keySet())
        .as("only %s moved traffic", winner)
        .containsExactly(winner);
    List<String> answers =
        sim.observations().ofKind("promotion-result").stream()
            .map(Observations.Observation::text)
            .toList();
    assertThat(answers.stream().filter(t -> t.startsWith("promoted"))).hasSize(1);
    assertThat(answers.stream().filter(t -> !t.startsWith("promoted")))
        .as("every other request is answered without acting: %s", answers)
        .isNotEmpty()
        .allMatch(t -> t.contains("epoch") || t.contains("rejected") || t.contains("skipped"));
    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    assertThat(sim.failures()).isEmpty();
  }
}
