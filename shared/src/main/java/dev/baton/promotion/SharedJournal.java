package dev.baton.promotion;

import java.time.Clock;

/**
 * One run's view of its journal record, shared by the routers' concurrent branches: writes are
 * serialized and each one replaces only the writer's own step in the latest record, so no branch's
 * update is lost and branches of one run never conflict with each other. A {@link JournalConflict}
 * (another run wrote the record) ends every later write of this run with the same conflict: the
 * other run owns the promotion.
 */
final class SharedJournal {
  private final PromotionJournal journal;
  private final Clock clock;
  private PromotionRecord latest;
  private JournalConflict conflict;

  SharedJournal(PromotionJournal journal, Clock clock, PromotionRecord start) {
    this.journal = journal;
    this.clock = clock;
    this.latest = start;
  }

  /** Journals {@code step} into the latest record; returns the record as stored. */
  synchronized PromotionRecord write(StepRecord step) {
    if (conflict != null) {
      throw conflict;
    }
    try {
      latest = journal.save(latest.withStep(step, clock.instant()));
      return latest;
    } catch (JournalConflict e) {
      conflict = e;
      throw e;
    }
  }

  /** The record as last stored by this run. */
  synchronized PromotionRecord latest() {
    return latest;
  }
}
