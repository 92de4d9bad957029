package dev.baton.sim.aws;

import dev.baton.port.AuditLog;
import dev.baton.sim.Observations;
import java.util.ArrayList;
import java.util.List;

/**
 * Records each audit entry as it is written through the production adapter's stand-in (an entry
 * whose write fails is not recorded, as it is not in the table either).
 */
public final class RecordingAuditLog implements AuditLog {
  private final AuditLog table;
  private final Observations observations;
  private final String writer;
  private final List<Entry> entries;

  public RecordingAuditLog(
      AuditLog table, String writer, List<Entry> entries, Observations observations) {
    this.table = table;
    this.writer = writer;
    this.entries = entries;
    this.observations = observations;
  }

  @Override
  public void record(Entry entry) {
    table.record(entry);
    entries.add(entry);
    observations.note(
        "audit", writer, entry.kind() + " " + entry.subject() + ": " + entry.reason());
  }

  /** A fresh list to share between the writers of one simulation. */
  public static List<Entry> newList() {
    return new ArrayList<>();
  }
}
