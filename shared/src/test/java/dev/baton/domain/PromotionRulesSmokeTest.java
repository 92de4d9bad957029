package dev.baton.domain;

import static dev.baton.domain.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionRulesSmokeTest {
  private final Topology topology = topology("nyc1", "ams3");
  private final Map<String, RegionState> states =
      Map.of(
          "nyc1", state("nyc1", RegionHealth.UNHEALTHY, at(0)),
          "ams3", state("ams3", RegionHealth.HEALTHY, at(0)));

  @Test
  void automaticFailoverWithCurrentEpochProceeds() {
    var request =
        new PromotionRequest.AutoFailover(
            "nyc1", "ams3", 3, List.of(), "baton:evaluator", "nyc1 down", false);
    assertThat(PromotionRules.decide(request, baton("nyc1", 3), states, topology, at(10)))
        .isInstanceOf(PromotionDecision.Proceed.class);
  }

  @Test
  void staleExpectedEpochIsNotActingAndNamesBothEpochs() {
    var request =
        new PromotionRequest.AutoFailover(
            "nyc1", "ams3", 2, List.of(), "baton:evaluator", "nyc1 down", false);
    assertThat(PromotionRules.decide(request, baton("nyc1", 3), states, topology, at(10)))
        .isInstanceOfSatisfying(
            PromotionDecision.NotActing.class,
            d -> assertThat(d.reason()).contains("epoch 2").contains("epoch 3"));
  }
}
