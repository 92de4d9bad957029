package dev.baton.promotion;

/** Where a promotion as a whole stands in the journal. */
public enum PromotionStatus {
  /** Steps are running, or the run died and {@code resume} may continue it. */
  RUNNING,
  /** Every step succeeded: traffic goes to the target and humans were told. */
  SUCCEEDED,
  /** A step gave up; {@code resume} continues from that step. */
  FAILED,
  /** A newer epoch took the baton: this promotion must never act again. */
  SUPERSEDED;

  /** Whether {@code resume} may continue a promotion in this status. */
  public boolean resumable() {
    return this == RUNNING || this == FAILED;
  }
}
