package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.PromotionKind;
import dev.baton.domain.Timings;
import dev.baton.promotion.PromotionStatus;
import dev.baton.sim.aws.AsyncPromotionInvoker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production monitor fails over a region whose apps all stop. */
class RegionOutageTest {
  private static final long SEED = 20260101L;

  @Test
  void theActiveRegionsOutageIsFailedOverWithinTheWorstCaseDetectionTime() {
    System.out.println("RegionOutageTest seed " + SEED);
    // The first simulation in a JVM pays for loading the SDK's, Jackson's and Baton's classes.
    long coldStart = System.nanoTime();
    outage(SEED + 1).runUntil(Duration.ofSeconds(120));
    System.out.println("cold run: " + (System.nanoTime() - coldStart) / 1_000_000 + " ms");
    long wallStart = System.nanoTime();
    Simulation sim = outage(SEED);
    Duration outageAt = Duration.ofSeconds(30);

    sim.runUntil(Duration.ofSeconds(29));
    assertThat(sim.activeRegions()).containsExactly("nyc1");
    assertThat(sim.baton().orElseThrow().epoch()).isEqualTo(1);

    sim.runUntil(Duration.ofSeconds(120));
    long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
    System.out.println(sim.observations().text());
    System.out.println("wall time " + wallMillis + " ms for " + sim.steps() + " steps");

    Timings timings = sim.spec().topology().timings();
    AsyncPromotionInvoker.Invocation request = sim.promotionRequests().get(0);
    assertThat(request.body()).contains("\"failover\"").contains("\"nyc1\"").contains("\"ams3\"");
    assertThat(request.requestedAt())
        .isGreaterThan(outageAt)
        .isLessThanOrEqualTo(
            outageAt.plus(timings.worstCaseDetection()).plus(Duration.ofSeconds(3)));
    assertThat(sim.baton().orElseThrow().epoch()).isEqualTo(2);
    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    assertThat(sim.routerTargets())
        .isEqualTo(Map.of("do-global-lb", "ams3", "cloudflare-dns", "ams3"));
    assertThat(sim.promotions())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(PromotionKind.AUTO_FAILOVER);
              assertThat(p.status()).isEqualTo(PromotionStatus.SUCCEEDED);
            });
    assertThat(sim.activeRegions()).containsExactly("ams3");
    assertThat(sim.failures()).isEmpty();
    // Speed is measured in docs/benchmarks.md, not asserted here.
    System.out.println("region outage simulated in " + wallMillis + " ms of wall time");
  }

  private static Simulation outage(long seed) {
    Simulation sim =
        Simulation.builder(Topologies.twoRegions())
            .home("us-east-2")
            .instancesPerRegion(2)
            .seed(seed)
            .build();
    return sim.at(Duration.ofSeconds(30), "stop every app of nyc1", s -> s.stopApps("nyc1"));
  }
}
