package dev.baton.testing;

import dev.baton.port.AuditLog;
import java.util.ArrayList;
import java.util.List;

/** The audit trail in memory. */
public final class InMemoryAuditLog implements AuditLog {
  private final List<Entry> entries = new ArrayList<>();

  @Override
  public synchronized void record(Entry entry) {
    entries.add(entry);
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The entries of one kind, e.g. {@code region-transition}. */
  public synchronized List<Entry> entries(String kind) {
    return entries.stream().filter(e -> e.kind().equals(kind)).toList();
  }
}
