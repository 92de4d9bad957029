package dev.baton.domain;

import static dev.baton.domain.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.PromotionDecision.NotActing;
import dev.baton.domain.PromotionDecision.Proceed;
import dev.baton.domain.PromotionDecision.Rejected;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Whether a promotion request may run, for every kind of request. */
class PromotionRulesTest {
  private static final Instant NOW = at(7200);
  private final Topology topology = topology("nyc1", "ams3", "sfo3");
  private final Map<String, RegionState> states = new HashMap<>();

  PromotionRulesTest() {
    states.put("nyc1", state("nyc1", RegionHealth.UNHEALTHY, at(0)));
    states.put("ams3", state("ams3", RegionHealth.HEALTHY, at(0)));
    states.put("sfo3", state("sfo3", RegionHealth.RECOVERING, at(0)));
  }

  private PromotionDecision decide(PromotionRequest request, Baton baton) {
    return PromotionRules.decide(request, baton, states, topology, NOW);
  }

  private static String reasonOf(PromotionDecision d) {
    return d.reason();
  }

  @Nested
  class Automatic {
    private PromotionRequest.AutoFailover failover(String from, String to, long epoch) {
      return new PromotionRequest.AutoFailover(
          from, to, epoch, List.of("nyc1 0 of 3 up"), "baton:evaluator", "nyc1 is down", false);
    }

    @Test
    void allSafetyRulesHoldingProceedsAsAnAutomaticFailover() {
      PromotionDecision d = decide(failover("nyc1", "ams3", 3), baton("nyc1", 3));

      assertThat(d)
          .isEqualTo(
              new Proceed(
                  PromotionKind.AUTO_FAILOVER,
                  "nyc1",
                  "ams3",
                  false,
                  "automatic failover from nyc1 (UNHEALTHY) to ams3 (HEALTHY) at epoch 3, asked by"
                      + " baton:evaluator"));
      assertThat(((Proceed) d).movesBaton()).isTrue();
    }

    @Test
    void staleExpectedEpochIsNotActingWithAReasonNamingBothEpochs() {
      PromotionDecision d = decide(failover("nyc1", "ams3", 2), baton("nyc1", 3));

      assertThat(d)
          .isEqualTo(
              new NotActing(
                  "not acting: the request expected epoch 2 but the baton is at epoch 3 (nyc1"
                      + " active)"));
    }

    @Test
    void staleEpochIsCheckedBeforeAnyOtherRule() {
      // Even a request that breaks other rules is answered by its stale epoch first.
      PromotionDecision d = decide(failover("nyc1", "xxx9", 2), frozen("ams3", 3));

      assertThat(reasonOf(d)).contains("expected epoch 2").contains("epoch 3");
    }

    @Test
    void aTargetOutsideTheTopologyIsRejectedOnFieldTo() {
      assertThat(decide(failover("nyc1", "lon1", 3), baton("nyc1", 3)))
          .isEqualTo(
              new Rejected(
                  "to", "must be a region of the topology [nyc1, ams3, sfo3], was 'lon1'"));
    }

    @Test
    void aSourceThatNoLongerHoldsTheBatonIsNotActing() {
      assertThat(reasonOf(decide(failover("ams3", "sfo3", 3), baton("nyc1", 3))))
          .isEqualTo(
              "not acting: the request fails over from ams3 but nyc1 holds the baton at epoch 3");
    }

    @Test
    void frozenBlocksAutomaticPromotions() {
      assertThat(decide(failover("nyc1", "ams3", 3), frozen("nyc1", 3)))
          .isInstanceOfSatisfying(
              NotActing.class, d -> assertThat(d.reason()).contains("automation is FROZEN"));
    }

    @Test
    void theActiveRegionMustStillBeUnhealthyAtPromotionTime() {
      states.put("nyc1", state("nyc1", RegionHealth.RECOVERING, at(0)));

      assertThat(reasonOf(decide(failover("nyc1", "ams3", 3), baton("nyc1", 3))))
          .contains("the active region nyc1 is RECOVERING now, not UNHEALTHY");
    }

    @Test
    void theTargetMustStillBeHealthyAtPromotionTime() {
      assertThat(decide(failover("nyc1", "sfo3", 3), baton("nyc1", 3)))
          .isEqualTo(
              new NotActing(
                  "not acting: the target sfo3 is RECOVERING now, not HEALTHY; ams3 is HEALTHY and"
                      + " the next evaluation will ask for it"));
    }

    @Test
    void aTargetNeverJudgedIsNotHealthy() {
      states.remove("ams3");

      assertThat(reasonOf(decide(failover("nyc1", "ams3", 3), baton("nyc1", 3))))
          .contains("ams3 is not yet judged now, not HEALTHY; no region is HEALTHY");
    }

    @Test
    void cooldownSinceTheLastAutomaticPromotionIsNotActing() {
      Baton b = withAutoPromotions(baton("nyc1", 3), NOW.minus(Duration.ofMinutes(5)));

      assertThat(reasonOf(decide(failover("nyc1", "ams3", 3), b)))
          .contains("cooldown after the last automatic promotion runs until")
          .contains(NOW.plus(Duration.ofMinutes(5)).toString());
    }

    @Test
    void flapLimitReachedIsNotActing() {
      Baton b =
          withAutoPromotions(
              baton("nyc1", 3),
              NOW.minus(Duration.ofMinutes(40)),
              NOW.minus(Duration.ofMinutes(20)));

      assertThat(reasonOf(decide(failover("nyc1", "ams3", 3), b)))
          .contains("flap limit reached (2 automatic promotions within the last 1h");
    }

    @Test
    void anActiveRegionUnknownToTheTopologyIsNotActedOnAutomatically() {
      assertThat(decide(failover("lon1", "ams3", 3), baton("lon1", 3)))
          .isEqualTo(
              new NotActing(
                  "not acting: the baton names lon1 as the active region, but the topology knows"
                      + " only [nyc1, ams3, sfo3]; automation cannot judge it: move the baton by"
                      + " hand with a failback or switchover"));
    }
  }

  @Nested
  class Manual {
    private PromotionRequest.Manual manual(
        PromotionKind kind, String to, boolean force, Long expectedEpoch) {
      return new PromotionRequest.Manual(
          kind, to, force, expectedEpoch, "alice", "maintenance window", false);
    }

    @Test
    void failbackToAHealthyRegionProceedsFromTheActiveRegion() {
      PromotionDecision d =
          decide(manual(PromotionKind.FAILBACK, "ams3", false, null), baton("nyc1", 3));

      assertThat(d)
          .isEqualTo(
              new Proceed(
                  PromotionKind.FAILBACK,
                  "nyc1",
                  "ams3",
                  false,
                  "manual failback from nyc1 to ams3 at epoch 3, asked by alice: maintenance"
                      + " window"));
    }

    @Test
    void switchoverIsAManualKindOfItsOwn() {
      PromotionDecision d =
          decide(manual(PromotionKind.SWITCHOVER, "ams3", false, 3L), baton("nyc1", 3));

      assertThat(d)
          .isInstanceOfSatisfying(
              Proceed.class, p -> assertThat(p.kind()).isEqualTo(PromotionKind.SWITCHOVER));
    }

    @Test
    void staleExpectedEpochIsNotActingWithAReasonNamingBothEpochs() {
      assertThat(decide(manual(PromotionKind.FAILBACK, "ams3", false, 2L), baton("nyc1", 3)))
          .isEqualTo(
              new NotActing(
                  "not acting: the request expected epoch 2 but the baton is at epoch 3 (nyc1"
                      + " active)"));
    }

    @Test
    void theTargetMustExistInTheTopology() {
      assertThat(decide(manual(PromotionKind.FAILBACK, "lon1", true, null), baton("nyc1", 3)))
          .isInstanceOfSatisfying(
              Rejected.class,
              r -> {
                assertThat(r.field()).isEqualTo("to");
                assertThat(r.rule()).contains("must be a region of the topology");
              });
    }

    @Test
    void theTargetMustDifferFromTheActiveRegion() {
      assertThat(decide(manual(PromotionKind.SWITCHOVER, "nyc1", true, null), baton("nyc1", 3)))
          .isEqualTo(
              new Rejected(
                  "to",
                  "must differ from the active region: nyc1 already holds the baton at epoch 3"));
    }

    @Test
    void theTargetMustBeHealthyWithoutForce() {
      assertThat(decide(manual(PromotionKind.FAILBACK, "sfo3", false, null), baton("nyc1", 3)))
          .isEqualTo(
              new Rejected(
                  "to",
                  "must be HEALTHY for a failback, but sfo3 is RECOVERING; pass force to move"
                      + " anyway"));
    }

    @Test
    void forceMovesIntoANonHealthyRegionAndTheReasonRecordsIt() {
      PromotionDecision d =
          decide(manual(PromotionKind.FAILBACK, "sfo3", true, null), baton("nyc1", 3));

      assertThat(d)
          .isInstanceOfSatisfying(
              Proceed.class,
              p -> {
                assertThat(p.forced()).isTrue();
                assertThat(p.reason())
                    .isEqualTo(
                        "manual failback from nyc1 to sfo3 at epoch 3 FORCED by alice although"
                            + " sfo3 is RECOVERING, asked by alice: maintenance window");
              });
    }

    @Test
    void forceIntoAHealthyRegionIsRecordedAsNotNeeded() {
      PromotionDecision d =
          decide(manual(PromotionKind.SWITCHOVER, "ams3", true, null), baton("nyc1", 3));

      assertThat(reasonOf(d)).contains("force set by alice, not needed: target is HEALTHY");
      assertThat(((Proceed) d).forced()).isTrue();
    }

    @Test
    void frozenDoesNotBlockManualActions() {
      assertThat(decide(manual(PromotionKind.FAILBACK, "ams3", false, null), frozen("nyc1", 3)))
          .isInstanceOf(Proceed.class);
    }

    @Test
    void aManualMoveOffAnActiveRegionUnknownToTheTopologyProceedsSoAnOperatorCanRecover() {
      PromotionDecision failback =
          decide(manual(PromotionKind.FAILBACK, "ams3", false, 3L), baton("lon1", 3));
      PromotionDecision switchover =
          decide(manual(PromotionKind.SWITCHOVER, "ams3", false, null), frozen("lon1", 3));

      assertThat(failback)
          .isEqualTo(
              new Proceed(
                  PromotionKind.FAILBACK,
                  "lon1",
                  "ams3",
                  false,
                  "manual failback from lon1 to ams3 at epoch 3 (lon1 is not a region of the"
                      + " topology), asked by alice: maintenance window"));
      assertThat(switchover).isInstanceOf(Proceed.class);
    }

    @Test
    void aManualMoveOffAnUnknownActiveRegionStillNeedsAHealthyTarget() {
      assertThat(decide(manual(PromotionKind.FAILBACK, "sfo3", false, null), baton("lon1", 3)))
          .isInstanceOfSatisfying(
              Rejected.class, r -> assertThat(r.rule()).contains("must be HEALTHY"));
    }

    @Test
    void cooldownAndFlapLimitDoNotBlockManualActions() {
      Baton b =
          withAutoPromotions(
              baton("nyc1", 3), NOW.minus(Duration.ofMinutes(2)), NOW.minus(Duration.ofMinutes(1)));

      assertThat(decide(manual(PromotionKind.SWITCHOVER, "ams3", false, null), b))
          .isInstanceOf(Proceed.class);
    }
  }

  @Nested
  class Modes {
    @Test
    void freezeProceedsWhenAutomatic() {
      PromotionDecision d =
          decide(new PromotionRequest.Freeze("alice", "game day", false), baton("nyc1", 3));

      assertThat(d)
          .isInstanceOfSatisfying(
              Proceed.class,
              p -> {
                assertThat(p.movesBaton()).isFalse();
                assertThat(p.reason())
                    .isEqualTo("freeze automatic failover at epoch 3, asked by alice: game day");
              });
    }

    @Test
    void freezeWhenAlreadyFrozenIsNotActing() {
      assertThat(decide(new PromotionRequest.Freeze("alice", "again", false), frozen("nyc1", 3)))
          .isEqualTo(new NotActing("not acting: already FROZEN since " + T0));
    }

    @Test
    void unfreezeProceedsWhenFrozen() {
      assertThat(decide(new PromotionRequest.Unfreeze("alice", "ack", false), frozen("nyc1", 3)))
          .isInstanceOfSatisfying(
              Proceed.class, p -> assertThat(p.reason()).contains("restart the flap count"));
    }

    @Test
    void unfreezeWhenAutomaticIsNotActing() {
      assertThat(decide(new PromotionRequest.Unfreeze("alice", "ack", false), baton("nyc1", 3)))
          .isEqualTo(new NotActing("not acting: automation is already AUTO"));
    }

    @Test
    void resumeIsLeftToTheSagaWhichKnowsTheJournal() {
      assertThat(
              decide(
                  new PromotionRequest.Resume("p-42", "alice", "retry", false), baton("nyc1", 3)))
          .isInstanceOfSatisfying(
              Proceed.class, p -> assertThat(p.reason()).startsWith("resume promotion p-42"));
    }

    @Test
    void resumeWithoutAPromotionIdIsRejected() {
      assertThat(
              decide(new PromotionRequest.Resume(" ", "alice", "retry", false), baton("nyc1", 3)))
          .isEqualTo(new Rejected("promotionId", "is required: the id of the failed promotion"));
    }

    @Test
    void everyRequestMustNameItsRequester() {
      assertThat(decide(new PromotionRequest.Freeze("", "x", false), baton("nyc1", 3)))
          .isInstanceOfSatisfying(
              Rejected.class, r -> assertThat(r.field()).isEqualTo("requestedBy"));
    }
  }
}
