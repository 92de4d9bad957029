package dev.baton.testing;

import dev.baton.port.AuditLog;
import dev.baton.port.DependencyException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The audit trail in memory. Writes with an id are idempotent, as in the table; {@link #failNext}
 * makes the next writes fail.
 */
public final class InMemoryAuditLog implements AuditLog {
  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();
  private final Deque<DependencyException> failures = new ArrayDeque<>();
  private int attempts;

  @Override
  public synchronized void record(Entry entry) {
    attempts++;
    failIfAsked();
    entries.add(entry);
  }

  @Override
  public synchronized void record(Entry entry, String id) {
    attempts++;
    failIfAsked();
    if (ids.add(id)) {
      entries.add(entry);
    }
  }

  /** The next write throws {@code failure} (queued: one failure per call). */
  public synchronized InMemoryAuditLog failNext(DependencyException failure) {
    failures.add(failure);
    return this;
  }

  /** Every write attempted, failed ones included. */
  public synchronized int attempts() {
    return attempts;
  }

  private void failIfAsked() {
    DependencyException failure = failures.poll();
    if (failure != null) {
      throw failure;
    }
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The entries of one kind, e.g. {@code region-transition}. */
  public synchronized List<Entry> entries(String kind) {
    return entries.stream().filter(e -> e.kind().equals(kind)).toList();
  }
}
