package dev.baton.domain;

/** What the evaluator asks the application to do; each carries one readable reason. */
public sealed interface Action {

  /** One sentence a human can read: why this action. */
  String reason();

  /**
   * Store the region's new state, conditional on the stored version still being {@code
   * previous.version()} ({@code next.version()} is the same number; the store increments it). Most
   * are health transitions; some only refresh the stored {@code lastUpAt} and counts of an
   * unchanged health, so that another evaluator reading the store (the sweeper, a cold container)
   * does not judge from old evidence: see {@link #healthChanged()}.
   */
  record PersistTransition(RegionState previous, RegionState next, String reason)
      implements Action {
    /** Whether the health changed (audit these); false for a refresh of the evidence. */
    public boolean healthChanged() {
      return previous.health() != next.health();
    }
  }

  /** Ask the promotion function to fail over. */
  record RequestPromotion(PromotionRequest.AutoFailover request, String reason) implements Action {}

  /** Tell humans; the metric of the same name fires. */
  record RaiseAlarm(Alarm alarm, String reason) implements Action {}

  /** Set the baton's mode to FROZEN (the flap limit was reached). */
  record FreezeBaton(long expectedEpoch, String reason) implements Action {}
}
