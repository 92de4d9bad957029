package dev.baton.cli.history;

import java.time.Instant;
import java.util.List;

/**
 * What {@code baton history} shows: the entries since {@code since}, newest first, and every item
 * that could not be read (reported, never dropped silently).
 *
 * @param since the start of the window
 * @param entries newest first
 * @param problems items that could not be read, one sentence each
 */
public record History(Instant since, List<HistoryEntry> entries, List<String> problems) {
  public History {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }
}
