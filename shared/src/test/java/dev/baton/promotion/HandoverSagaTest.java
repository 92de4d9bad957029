package dev.baton.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.port.DependencyException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The saga's part of the handover protocol: revoke, wait, grant, then move traffic. */
class HandoverSagaTest {
  private final SagaFixture f = new SagaFixture();

  private Heartbeat nyc1(String id, long epoch, String role) {
    return new Heartbeat(
        "nyc1", id, HeartbeatStatus.UNHEALTHY, 7, SagaFixture.T0, Map.of(), "t", null, epoch, role);
  }

  @Test
  void theClaimRevokesAndTheGrantWaitsForAnOldRegionAgentThatMayStillBeActive() {
    f.heartbeats.put(nyc1("nyc1-1", 3, "active"));
    f.globalLb.beforeShift =
        () -> {
          Baton b = f.batons.peek().orElseThrow();
          assertThat(b.granted()).as("traffic moves only after the grant").isTrue();
          assertThat(f.clock.instant())
              .as("not before the silent agent's lease has provably run out")
              .isAfterOrEqualTo(SagaFixture.T0.plusMillis(15_350));
        };

    PromotionResult result = f.handle(SagaFixture.failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    StepRecord grant = f.onlyPromotion().step(PromotionSteps.GRANT).orElseThrow();
    assertThat(grant.detail()).contains("granted epoch 4 to ams3").contains("1 silent past");
    assertThat(f.sleeps.stream().reduce(Duration.ZERO, Duration::plus))
        .isGreaterThanOrEqualTo(Duration.ofMillis(15_350));
  }

  @Test
  void anAcknowledgementGrantsAtOnce() {
    f.heartbeats.put(nyc1("nyc1-1", 4, "standby"));

    PromotionResult result = f.handle(SagaFixture.failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.sleeps).as("no wait before the grant").doesNotContain(PromotionSaga.GRANT_POLL);
    assertThat(f.onlyPromotion().step(PromotionSteps.GRANT).orElseThrow().detail())
        .contains("1 agent(s) of other regions acknowledged epoch 4");
  }

  @Test
  void aBatonReadThatKeepsFailingDuringTheSagaFailsThePromotionWithTheAlarmNotSupersedeIt() {
    // Finding 4: a throttled read used to end the promotion SUPERSEDED, silently.
    f.globalLb.afterShift =
        () ->
            f.batons.failReads(
                50, new DependencyException("dynamodb", "ThrottlingException", true, null));

    PromotionResult result = f.handle(SagaFixture.failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Failed.class);
    PromotionRecord promotion = f.onlyPromotion();
    assertThat(promotion.status()).isEqualTo(PromotionStatus.FAILED);
    assertThat(promotion.failedStep().orElseThrow().detail()).contains("ThrottlingException");
    assertThat(f.metrics.get("PromotionFailed")).isEqualTo(1);
    assertThat(f.notices.sent).hasSize(1);
  }

  @Test
  void readsThatKeepFailingWhileTheGrantWaitsFailTheStepAfterTenSecondsThenResumeGrants() {
    f.heartbeats.put(nyc1("nyc1-1", 3, "active"));
    for (int i = 0; i < 1_000; i++) {
      f.heartbeats.failNext(
          new DependencyException("dynamodb", "ProvisionedThroughputExceeded", true, null));
    }

    PromotionResult result = f.handle(SagaFixture.failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Failed.class);
    PromotionRecord failed = f.onlyPromotion();
    StepRecord grant = failed.step(PromotionSteps.GRANT).orElseThrow();
    assertThat(grant.status()).isEqualTo(StepStatus.FAILED);
    assertThat(grant.detail()).contains("for 10 s", "ProvisionedThroughputExceeded");
    assertThat(f.clock.instant())
        .isBetween(SagaFixture.T0.plusSeconds(10), SagaFixture.T0.plusSeconds(11));
    assertThat(f.metrics.get("PromotionFailed")).isEqualTo(1);
    assertThat(f.batons.peek().orElseThrow().granted()).as("revoked, not granted").isFalse();
    assertThat(f.callOrder).as("no traffic moved").isEmpty();

    f.heartbeats.heal();
    PromotionResult resumed = f.handle(SagaFixture.resume(failed.id()));

    assertThat(resumed).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.batons.peek().orElseThrow().granted()).isTrue();
    assertThat(f.dns.active).isEqualTo("ams3");
  }

  @Test
  void aBatonReadThatFailsOnceBeforeAProviderCallIsRetriedAndThePromotionSucceeds() {
    f.globalLb.afterShift =
        () -> {
          f.globalLb.afterShift = () -> {};
          f.batons.failReads(
              1, new DependencyException("dynamodb", "ThrottlingException", true, null));
        };

    PromotionResult result = f.handle(SagaFixture.failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    int attempts =
        f.onlyPromotion().steps().stream()
            .filter(st -> PromotionSteps.actsThroughRouter(st.name()))
            .mapToInt(StepRecord::attempts)
            .sum();
    assertThat(attempts).as("4 router steps; the failed fence read cost one attempt").isEqualTo(5);
    assertThat(f.dns.active).isEqualTo("ams3");
    assertThat(f.metrics.get("PromotionFailed")).isZero();
  }

  @Test
  void everyReadinessRunPublishesTheFenceDeadlineAgentsMustRespect() {
    PromotionResult result = f.service().handle(new FunctionRequest.Readiness(), f.budget);

    assertThat(result).isInstanceOf(PromotionResult.Readiness.class);
    // max(failAfter 15 s - maxClockSkew 5 s, 2 x heartbeatInterval 5 s)
    assertThat(f.batons.fenceDeadline()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aFreezeMadeAfterTheDecisionStopsTheAutomaticClaim() {
    // Finding 5: the claim's condition includes mode AUTO, so a freeze racing the claim wins.
    f.states.beforeLoad =
        () -> {
          Baton b = f.batons.peek().orElseThrow();
          f.batons.setMode(b.epoch(), BatonMode.FROZEN, "operator freeze", SagaFixture.T0);
        };

    PromotionResult result = f.handle(SagaFixture.failover(3, "ams3"));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.NotActing.class,
            n -> assertThat(n.reason()).contains("frozen after the decision (operator freeze)"));
    assertThat(f.batons.peek().orElseThrow().activeRegion()).isEqualTo("nyc1");
    assertThat(f.callOrder).isEmpty();
  }

  @Test
  void readinessReportsARouterWhoseTrafficIsNotAtTheBatonsRegionOnceItHasSettled() {
    f.handle(SagaFixture.failover(3, "ams3"));
    f.dns.verifyFailures.add(
        new dev.baton.port.ProviderException(
            "cloudflare", "app.shop.test points at 203.0.113.10 (nyc1), not ams3", false));

    PromotionResult soon = f.handle("{\"action\":\"readiness\"}");
    assertThat(((PromotionResult.Readiness) soon).problems())
        .as("within a minute of the hand-over nothing is judged")
        .isEmpty();

    f.clock.advance(Duration.ofSeconds(61));
    PromotionResult later = f.handle("{\"action\":\"readiness\"}");

    assertThat(later.outcome()).isEqualTo("not-ready");
    assertThat(((PromotionResult.Readiness) later).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.router()).isEqualTo("cloudflare-dns:app.shop.test");
              assertThat(p.region()).isEqualTo("ams3");
              assertThat(p.detail())
                  .startsWith("TRAFFIC_MISMATCH: traffic not confirmed at ams3")
                  .contains("points at 203.0.113.10 (nyc1)");
            });
    assertThat(f.metrics.get("TrafficMismatch")).isEqualTo(1);
  }
}
