package dev.baton.promotion;

import static dev.baton.promotion.SagaFixture.failover;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.PromotionKind;
import dev.baton.port.ProviderException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code reconcile}: traffic follows the baton again without the baton moving (issue 13, "no
 * half-done promotions"). The fixture's baton is granted to nyc1 at epoch 3, both routers start at
 * nyc1.
 */
class ReconcileTest {
  private final SagaFixture f = new SagaFixture();

  private static String reconcile(Long expectedEpoch, boolean dryRun) {
    return "{\"action\":\"reconcile\","
        + (expectedEpoch == null ? "" : "\"expectedEpoch\":" + expectedEpoch + ",")
        + "\"requestedBy\":\"alice\",\"reason\":\"TRAFFIC_MISMATCH\",\"dryRun\":"
        + dryRun
        + "}";
  }

  private List<String> readinessProblems() {
    PromotionResult result = f.service().handle(new FunctionRequest.Readiness(), f.budget);
    return ((PromotionResult.Readiness) result)
        .problems().stream().map(p -> p.router() + " " + p.detail()).toList();
  }

  @Test
  void aRouterChangedByHandIsReportedThenReconciledWithoutMovingTheBaton() {
    f.dns.active = "sfo3";
    assertThat(readinessProblems())
        .singleElement()
        .asString()
        .startsWith("cloudflare-dns:app.shop.test TRAFFIC_MISMATCH")
        .contains("nyc1");
    f.callOrder.clear();

    PromotionResult result = f.handle(reconcile(null, false));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    PromotionRecord promotion = f.onlyPromotion();
    assertThat(promotion.kind()).isEqualTo(PromotionKind.RECONCILE);
    assertThat(promotion.status()).isEqualTo(PromotionStatus.SUCCEEDED);
    assertThat(promotion.epoch()).isEqualTo(3);
    assertThat(promotion.from()).isEqualTo("nyc1");
    assertThat(promotion.to()).isEqualTo("nyc1");
    assertThat(promotion.steps())
        .extracting(StepRecord::name)
        .containsExactly(
            "validate",
            "shift:do-global-lb",
            "shift:cloudflare-dns:app.shop.test",
            "verify:do-global-lb",
            "verify:cloudflare-dns:app.shop.test",
            "probe",
            "notify");
    assertThat(f.callOrder)
        .contains("cloudflare-dns:app.shop.test shift nyc1", "do-global-lb verify nyc1");
    assertThat(f.dns.active).isEqualTo("nyc1");
    Baton baton = f.batons.peek().orElseThrow();
    assertThat(baton.epoch()).as("a reconcile claims nothing").isEqualTo(3);
    assertThat(baton.activeRegion()).isEqualTo("nyc1");
    assertThat(baton.autoPromotions()).as("nor counts towards the flap limit").isEmpty();
    assertThat(f.notices.sent).hasSize(1);
    assertThat(f.audit.kinds()).contains("promotion-started", "promotion-succeeded");
    assertThat(readinessProblems()).isEmpty();
  }

  @Test
  void aFailoverLeftHalfDoneIsFinishedByReconcileWhenItCannotBeResumed() {
    // The failover to ams3 claims and grants, then Cloudflare refuses for good: FAILED.
    f.dns.shiftFailures.add(new ProviderException("cloudflare", "403 forbidden", false));
    assertThat(f.handle(failover(3, "ams3"))).isInstanceOf(PromotionResult.Failed.class);
    assertThat(f.dns.active).isEqualTo("nyc1");
    f.clock.advance(Duration.ofMinutes(2));
    assertThat(readinessProblems()).singleElement().asString().contains("TRAFFIC_MISMATCH");

    PromotionResult result = f.handle(reconcile(4L, false));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.dns.active).isEqualTo("ams3");
    assertThat(f.globalLb.active).isEqualTo("ams3");
    assertThat(f.batons.peek().orElseThrow().epoch()).isEqualTo(4);
    assertThat(readinessProblems()).isEmpty();
  }

  @Test
  void aBatonNotYetGrantedIsNotReconciledTheHandoverMovesTheTraffic() {
    f.batons.put(
        new Baton(
            "ams3",
            4,
            BatonMode.AUTO,
            SagaFixture.T0,
            "failover",
            "20250301T100000Z-abcdef",
            List.of(),
            4,
            false));

    PromotionResult result = f.handle(reconcile(null, false));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.NotActing.class,
            n ->
                assertThat(n.reason())
                    .contains("not yet granted", "20250301T100000Z-abcdef", "resume"));
    assertThat(f.journal.all()).isEmpty();
    assertThat(f.callOrder).isEmpty();
  }

  @Test
  void aStaleExpectedEpochIsANoOp() {
    PromotionResult result = f.handle(reconcile(2L, false));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.NotActing.class,
            n -> assertThat(n.reason()).contains("expected epoch 2", "epoch 3"));
    assertThat(f.journal.all()).isEmpty();
  }

  @Test
  void aBatonMovedDuringTheReconcileStopsItBeforeTheNextProviderCall() {
    f.globalLb.afterShift = () -> f.batons.overtake("sfo3", "someone-else");

    PromotionResult result = f.handle(reconcile(null, false));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.NotActing.class,
            n -> assertThat(n.reason()).contains("epoch moved to 4", "sfo3"));
    assertThat(f.callOrder).containsExactly("do-global-lb shift nyc1");
    assertThat(f.onlyPromotion().status()).isEqualTo(PromotionStatus.SUPERSEDED);
  }

  @Test
  void aFailedReconcileIsResumedWithoutRepeatingTheRouterThatSucceeded() {
    f.dns.active = "sfo3";
    f.dns.shiftFailures.add(new ProviderException("cloudflare", "401 unauthorized", false));
    assertThat(f.handle(reconcile(null, false))).isInstanceOf(PromotionResult.Failed.class);
    f.callOrder.clear();

    PromotionResult resumed = f.handle(SagaFixture.resume(f.onlyPromotion().id()));

    assertThat(resumed).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.callOrder).doesNotContain("do-global-lb shift nyc1");
    assertThat(f.dns.active).isEqualTo("nyc1");
  }

  @Test
  void aFrozenBatonStillReconcilesAndADryRunPlansWithoutAClaim() {
    f.batons.setMode(3, BatonMode.FROZEN, "operator", SagaFixture.T0);

    PromotionResult plan = f.handle(reconcile(null, true));

    assertThat(plan)
        .isInstanceOfSatisfying(
            PromotionResult.DryRun.class,
            d -> {
              assertThat(d.reason()).contains("keep epoch 3").doesNotContain("claim");
              assertThat(d.steps()).doesNotContain("claim", "grant");
            });
    assertThat(f.journal.all()).isEmpty();
    assertThat(f.handle(reconcile(null, false))).isInstanceOf(PromotionResult.Promoted.class);
  }
}
