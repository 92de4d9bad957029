package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.observability.MetricNames;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionResult;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepStatus;
import dev.baton.sim.aws.AsyncPromotionInvoker;
import dev.baton.sim.aws.SimulatedRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Lambda's timeout ends the promotion function wherever its saga is. A provider call that stalls
 * past its client timeout keeps the saga waiting; at 300 s the invocation dies between two journal
 * writes; Lambda retries the event, and what production does next is what the simulation shows.
 */
class LambdaTimeoutTest {
  private static final long SEED = 11L;
  private static final Duration OUTAGE_AT = Duration.ofSeconds(30);

  private static Simulation outageWithAStallingDns() {
    Simulation sim =
        Simulation.builder(Topologies.twoRegions())
            .home("us-east-2")
            .instancesPerRegion(2)
            .seed(SEED)
            .build();
    SimulatedRouter dns = sim.router("cloudflare-dns");
    // Its first call stalls past the client timeout; the calls after it answer.
    dns.stalls(1.0, new SplittableRandom(SEED));
    dns.answer(SimulatedRouter.Answer.HANG, 1);
    return sim.at(OUTAGE_AT, "stop every app of nyc1", s -> s.stopApps("nyc1"));
  }

  private static PromotionRecord only(Simulation sim) {
    assertThat(sim.promotions()).hasSize(1);
    return sim.promotions().get(0);
  }

  @Test
  void aSagaKilledMidStepStaysRunningTheRetryIsANoOpTheSweeperAlarmsAndAResumeFinishesIt() {
    System.out.println("LambdaTimeoutTest seed " + SEED);
    Simulation sim = outageWithAStallingDns();
    // At 3 min the saga waits on the DNS call (the simulation runs the world inside that wait).
    PromotionRecord[] seenAt3 = new PromotionRecord[1];
    int[] killsAt3 = new int[1];
    sim.at(
        Duration.ofMinutes(3),
        "look at the journal",
        s -> {
          seenAt3[0] = only(s);
          killsAt3[0] = s.promotionFunction().timedOut().size();
        });

    sim.runUntil(Duration.ofMinutes(8));
    AsyncPromotionInvoker.Invocation request = sim.promotionRequests().get(0);
    Instant invokedAt = sim.spec().start().plus(request.requestedAt());
    PromotionRecord running = seenAt3[0];
    assertThat(running.status()).isEqualTo(PromotionStatus.RUNNING);
    assertThat(running.step("claim").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(running.step("shift:do-global-lb").orElseThrow().status())
        .isEqualTo(StepStatus.SUCCEEDED);
    assertThat(running.step("shift:cloudflare-dns").orElseThrow().status())
        .isEqualTo(StepStatus.RUNNING);
    assertThat(killsAt3[0]).isZero();
    // Killed at the timeout, mid-step: the DNS call in flight, nothing more journaled.
    assertThat(sim.promotionFunction().timedOut())
        .singleElement()
        .satisfies(at -> assertThat(at).isBetween(invokedAt, invokedAt.plusSeconds(301)));
    PromotionRecord killed = only(sim);
    assertThat(killed.status()).isEqualTo(PromotionStatus.RUNNING);
    assertThat(killed.updatedAt()).isEqualTo(running.updatedAt());
    assertThat(killed.step("shift:cloudflare-dns").orElseThrow().status())
        .isEqualTo(StepStatus.RUNNING);
    // Lambda retried the event a minute later: the claim moved the epoch, so it is not acted on.
    assertThat(request.outcomes()).hasSize(2);
    assertThat(request.outcomes().get(0)).startsWith("error: ").contains("Task timed out");
    assertThat(request.outcomes().get(1)).startsWith("not-acting");
    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    assertThat(sim.routerTargets()).containsEntry("cloudflare-dns", "nyc1");

    // Six minutes without a journal write: the sweeper reports it (PromotionStuck, alarmed).
    sim.runUntil(Duration.ofMinutes(13));
    assertThat(sim.metrics().get(MetricNames.PROMOTION_STUCK)).isPositive();
    assertThat(only(sim).status()).isEqualTo(PromotionStatus.RUNNING);

    // The operator runs the command the sweeper logged: the saga continues from its journal.
    PromotionResult resumed =
        sim.invokePromotion(
            "{\"action\":\"resume\",\"promotionId\":\""
                + killed.id()
                + "\",\"requestedBy\":\"alice\",\"reason\":\"PromotionStuck\"}");
    assertThat(resumed.outcome()).isEqualTo("promoted");
    PromotionRecord done = only(sim);
    assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
    assertThat(done.step("claim").orElseThrow().attempts()).as("not claimed again").isEqualTo(1);
    assertThat(done.step("shift:do-global-lb").orElseThrow().attempts()).isEqualTo(1);
    assertThat(sim.baton().orElseThrow().epoch()).isEqualTo(2);
    assertThat(sim.routerTargets().values()).containsOnly("ams3");
    assertThat(sim.router("do-global-lb").changes()).hasSize(1);
  }

  @Test
  void aResumeKilledAgainLeavesItRunningAndAResumeThatFailsEndsFailedWithTheAlarm() {
    Simulation sim = outageWithAStallingDns();
    sim.runUntil(Duration.ofMinutes(13));
    PromotionRecord killed = only(sim);
    assertThat(killed.status()).isEqualTo(PromotionStatus.RUNNING);
    String resume =
        "{\"action\":\"resume\",\"promotionId\":\""
            + killed.id()
            + "\",\"requestedBy\":\"alice\",\"reason\":\"PromotionStuck\"}";

    // The DNS provider still stalls: the resume dies at its timeout too, the journal unchanged.
    sim.router("cloudflare-dns").answer(SimulatedRouter.Answer.HANG, 1);
    Throwable error = null;
    try {
      sim.invokePromotion(resume);
    } catch (RuntimeException e) {
      error = e;
    }
    assertThat(error).isNotNull().hasMessageContaining("Task timed out");
    assertThat(sim.promotionFunction().timedOut()).hasSize(2);
    assertThat(only(sim).status()).isEqualTo(PromotionStatus.RUNNING);

    // Now it answers 5xx for good: the resumed saga gives up, FAILED, and the alarm is counted.
    sim.router("cloudflare-dns").answer(SimulatedRouter.Answer.SERVER_ERROR, -1);
    PromotionResult failed = sim.invokePromotion(resume);
    assertThat(failed.outcome()).isEqualTo("failed");
    assertThat(only(sim).status()).isEqualTo(PromotionStatus.FAILED);
    assertThat(sim.metrics().get(MetricNames.PROMOTION_FAILED)).isEqualTo(1.0);
  }

  @Test
  void theSameSeedKillsAtTheSameInstant() {
    Simulation a = outageWithAStallingDns();
    Simulation b = outageWithAStallingDns();
    a.runUntil(Duration.ofMinutes(10));
    b.runUntil(Duration.ofMinutes(10));
    assertThat(a.promotionFunction().timedOut())
        .isEqualTo(b.promotionFunction().timedOut())
        .hasSize(1);
    assertThat(a.observations().text()).isEqualTo(b.observations().text());
  }
}
