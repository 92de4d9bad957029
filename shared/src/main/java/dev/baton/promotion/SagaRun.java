package dev.baton.promotion;

import dev.baton.domain.RegionConfig;
import dev.baton.port.BatonStore;
import java.util.Map;

/** Runs the saga for a journaled promotion and turns how it ended into the function's answer. */
final class SagaRun {
  private final PromotionSaga saga;
  private final BatonStore batons;
  private final PromotionAudit audit;

  SagaRun(PromotionSaga saga, BatonStore batons, PromotionAudit audit) {
    this.saga = saga;
    this.batons = batons;
    this.audit = audit;
  }

  PromotionResult run(PromotionRecord promotion, RegionConfig target, TimeBudget budget) {
    SagaOutcome outcome = saga.run(promotion, target, budget);
    PromotionRecord ended = outcome.promotion();
    Map<String, String> facts =
        Map.of("from", ended.from(), "to", ended.to(), "epoch", Long.toString(ended.epoch()));
    if (outcome instanceof SagaOutcome.Completed) {
      audit.record("promotion-succeeded", ended.id(), outcome.reason(), facts);
      return new PromotionResult.Promoted(ended, outcome.reason());
    }
    if (outcome instanceof SagaOutcome.Failed failed) {
      audit.record("promotion-failed", ended.id(), outcome.reason(), facts);
      return new PromotionResult.Failed(ended, failed.step(), outcome.reason());
    }
    audit.record("promotion-superseded", ended.id(), outcome.reason(), facts);
    return new PromotionResult.NotActing(outcome.reason(), batons.read().orElse(null), ended);
  }
}
