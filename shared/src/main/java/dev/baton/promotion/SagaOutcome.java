package dev.baton.promotion;

/** How a run of the promotion saga ended. */
public sealed interface SagaOutcome {

  /** The promotion as journaled at the end of the run. */
  PromotionRecord promotion();

  /** One sentence a human can read. */
  String reason();

  /** Every step succeeded. */
  record Completed(PromotionRecord promotion, String reason) implements SagaOutcome {}

  /** A step gave up; {@code resume} continues from it. */
  record Failed(PromotionRecord promotion, String step, String reason) implements SagaOutcome {}

  /** A newer epoch holds the baton (a lost claim, or overtaken between steps): not acting. */
  record Superseded(PromotionRecord promotion, String reason) implements SagaOutcome {}
}
