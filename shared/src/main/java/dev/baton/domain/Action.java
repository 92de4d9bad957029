package dev.baton.domain;

/** What the evaluator asks the application to do; each carries one readable reason. */
public sealed interface Action {

  /** One sentence a human can read: why this action. */
  String reason();

  /** Store the region's new state (conditional on the previous state's version). */
  record PersistTransition(RegionState previous, RegionState next, String reason)
      implements Action {}

  /** Ask the promotion function to fail over. */
  record RequestPromotion(PromotionRequest.AutoFailover request, String reason) implements Action {}

  /** Tell humans; the metric of the same name fires. */
  record RaiseAlarm(Alarm alarm, String reason) implements Action {}

  /** Set the baton's mode to FROZEN (the flap limit was reached). */
  record FreezeBaton(long expectedEpoch, String reason) implements Action {}
}
