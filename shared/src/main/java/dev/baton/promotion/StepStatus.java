package dev.baton.promotion;

/** Where one step of a promotion stands in the journal. */
public enum StepStatus {
  /** Not started yet. */
  PENDING,
  /** Started; if the run died here, {@code resume} runs it again (every step is idempotent). */
  RUNNING,
  /** Done; {@code resume} never runs it again. */
  SUCCEEDED,
  /** Gave up (retries exhausted, a permanent error, or out of time). */
  FAILED;

  /** Whether {@code resume} must still run a step in this status. */
  public boolean unfinished() {
    return this != SUCCEEDED;
  }
}
