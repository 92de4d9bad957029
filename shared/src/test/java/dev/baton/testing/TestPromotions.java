package dev.baton.testing;

import dev.baton.domain.PromotionKind;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import java.time.Instant;
import java.util.List;

/** Journal items for tests that need a promotion as the saga leaves it. */
public final class TestPromotions {
  private TestPromotions() {}

  /**
   * A promotion from {@code from} at {@code expectedEpoch} to {@code to} at the next epoch, never
   * stored yet (revision 0), not forced, not a dry run, with no evidence or history.
   *
   * @param createdAt when the saga started
   * @param updatedAt its last journal write
   */
  public static PromotionRecord promotion(
      String id,
      PromotionKind kind,
      String from,
      String to,
      long expectedEpoch,
      String requestedBy,
      String reason,
      PromotionStatus status,
      List<StepRecord> steps,
      Instant createdAt,
      Instant updatedAt) {
    return new PromotionRecord(
        id,
        kind,
        from,
        to,
        expectedEpoch,
        expectedEpoch + 1,
        requestedBy,
        reason,
        kind + " " + from + " -> " + to,
        List.of(),
        false,
        false,
        status,
        steps,
        createdAt,
        updatedAt,
        0,
        List.of());
  }
}
