package dev.baton.promotion;

import java.util.Optional;

/**
 * Where promotions are journaled (AWS: the {@code PROMOTION#<id>} items of the table). Concurrency
 * rule: every write is a compare-and-set on the record's revision, so two runs of the same
 * promotion (a resume racing a stalled run) cannot both write; the loser gets {@link
 * JournalConflict} and stops.
 */
public interface PromotionJournal {

  /** The promotion, read with strong consistency. */
  Optional<PromotionRecord> load(String promotionId);

  /**
   * Stores {@code record} if the stored revision is still {@code record.revision()} (0: must not
   * exist yet); returns it with its new revision.
   *
   * @throws JournalConflict when another run wrote first
   */
  PromotionRecord save(PromotionRecord record);
}
