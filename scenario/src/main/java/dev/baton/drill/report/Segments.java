package dev.baton.drill.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns a series of state changes into spans of constant state, for the chart's bands. */
final class Segments {
  private Segments() {}

  /** A state change: from {@code at}, the state is {@code value}. */
  record Change(Duration at, String value, String title) {}

  /** A span of constant state: {@code [from, to)}. */
  record Segment(Duration from, Duration to, String value, String title) {}

  /**
   * The spans of {@code changes} (sorted by time) up to {@code end}; before the first change the
   * state is {@code initial} (no span when null).
   */
  static List<Segment> of(List<Change> changes, Duration end, String initial, String initialTitle) {
    List<Segment> spans = new ArrayList<>();
    Duration from = Duration.ZERO;
    String value = initial;
    String title = initialTitle;
    for (Change c : changes) {
      if (c.at().compareTo(end) > 0) {
        break;
      }
      if (value != null && c.at().compareTo(from) > 0) {
        spans.add(new Segment(from, c.at(), value, title));
      }
      from = c.at();
      value = c.value();
      title = c.title();
    }
    if (value != null && end.compareTo(from) > 0) {
      spans.add(new Segment(from, end, value, title));
    }
    return spans;
  }
}
