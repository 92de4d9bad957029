package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionResult;
import dev.baton.promotion.PromotionStatus;
import dev.baton.sim.aws.SimulatedRouter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production saga against routers that answer 429 and hang, in virtual time. */
class ProviderFaultsTest {
  private static final long SEED = 5L;

  private static Simulation twoRegions() {
    return Simulation.builder(Topologies.twoRegions()).home("us-east-2").seed(SEED).build();
  }

  @Test
  void aSwitchoverThroughARateLimitedAndAHangingProviderSucceedsWhileAgentsKeepBeating() {
    System.out.println("ProviderFaultsTest seed " + SEED);
    Simulation sim = twoRegions();
    sim.runUntil(Duration.ofSeconds(30));
    SimulatedRouter lb = sim.router("do-global-lb");
    lb.retryAfter(Duration.ofSeconds(3));
    lb.answer(SimulatedRouter.Answer.RATE_LIMITED, 2);
    SimulatedRouter dns = sim.router("cloudflare-dns");
    dns.answer(SimulatedRouter.Answer.HANG, 1);
    long stepsBefore = sim.steps();

    PromotionResult result =
        sim.invokePromotion(
            "{\"action\":\"switchover\",\"to\":\"ams3\",\"requestedBy\":\"alice\","
                + "\"reason\":\"maintenance in nyc1\"}");

    assertThat(result.outcome()).isEqualTo("promoted");
    assertThat(sim.routerTargets().values()).containsOnly("ams3");
    // Two 429s waited out (3 s each) while, in the other branch, one hang (the client timeout)
    // and its backoff elapse at the same time: virtual time.
    assertThat(sim.elapsed()).isGreaterThan(Duration.ofSeconds(30 + 6));
    assertThat(sim.steps() - stepsBefore).as("agents beat during the saga's waits").isPositive();
    PromotionRecord promotion = sim.promotions().get(0);
    assertThat(promotion.status()).isEqualTo(PromotionStatus.SUCCEEDED);
    assertThat(promotion.step("shift:do-global-lb").orElseThrow().attempts()).isEqualTo(3);
    assertThat(promotion.step("shift:cloudflare-dns").orElseThrow().attempts()).isEqualTo(2);
    // The routers shifted at the same time (decision 0019): the DNS shift started before the load
    // balancer's, slowed by its 429s, was done.
    assertThat(promotion.step("shift:cloudflare-dns").orElseThrow().startedAt())
        .isBefore(promotion.step("shift:do-global-lb").orElseThrow().finishedAt());
    assertThat(lb.changes()).hasSize(1);

    sim.runFor(Duration.ofSeconds(10));
    assertThat(sim.activeRegions()).containsExactly("ams3");
  }

  @Test
  void aProviderThatKeepsFailingFailsThePromotionAtItsStepAndTheBatonHasMoved() {
    System.out.println("ProviderFaultsTest seed " + SEED);
    Simulation sim = twoRegions();
    sim.runUntil(Duration.ofSeconds(30));
    sim.router("cloudflare-dns").answer(SimulatedRouter.Answer.SERVER_ERROR, -1);

    PromotionResult result =
        sim.invokePromotion(
            "{\"action\":\"switchover\",\"to\":\"ams3\",\"requestedBy\":\"alice\","
                + "\"reason\":\"drill\"}");

    assertThat(result.outcome()).isEqualTo("failed");
    assertThat(sim.promotions())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PromotionStatus.FAILED);
              assertThat(p.failedStep()).map(s -> s.name()).contains("shift:cloudflare-dns");
            });
    // The claim happened before the traffic moved: today's protocol leaves traffic split.
    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    assertThat(sim.routerTargets().values())
        .containsExactlyInAnyOrderElementsOf(List.of("ams3", "nyc1"));
  }
}
