package dev.baton.promotion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Promotions in memory, with the journal's revision rule; keeps every version written. */
public final class InMemoryJournal implements PromotionJournal {
  private final Map<String, PromotionRecord> items = new HashMap<>();
  final List<PromotionRecord> writes = new ArrayList<>();

  @Override
  public synchronized Optional<PromotionRecord> load(String promotionId) {
    return Optional.ofNullable(items.get(promotionId));
  }

  @Override
  public synchronized PromotionRecord save(PromotionRecord record) {
    PromotionRecord stored = items.get(record.id());
    long storedRevision = stored == null ? 0 : stored.revision();
    if (storedRevision != record.revision()) {
      throw new JournalConflict(record.id(), record.revision());
    }
    PromotionRecord next = record.withRevision(record.revision() + 1);
    items.put(record.id(), next);
    writes.add(next);
    return next;
  }

  public synchronized List<PromotionRecord> all() {
    return List.copyOf(items.values());
  }
}
