package dev.baton.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The history of a simulation: what was observed, at which virtual instant (time since the start).
 * The same seed gives the same history, line for line; a checker reads it, separate from the run.
 */
public final class Observations {
  /**
   * One observation.
   *
   * @param at virtual time since the simulation started
   * @param kind what was observed, e.g. {@code role}, {@code baton}, {@code fault}
   * @param subject what it concerns, e.g. {@code nyc1/nyc1-1}
   * @param text one sentence
   */
  public record Observation(Duration at, String kind, String subject, String text) {
    public Observation {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(text, "text");
    }

    /** {@code T+12.345s kind subject: text}. */
    public String line() {
      return String.format(
          "T+%d.%03ds %s %s: %s", at.toSeconds(), at.toMillisPart(), kind, subject, text);
    }
  }

  private final Clock clock;
  private final Instant start;
  private final List<Observation> all = new ArrayList<>();

  public Observations(Clock clock) {
    this.clock = clock;
    this.start = clock.instant();
  }

  /** When the simulation started (virtual time). */
  public Instant startedAt() {
    return start;
  }

  public void note(String kind, String subject, String text) {
    all.add(new Observation(Duration.between(start, clock.instant()), kind, subject, text));
  }

  public List<Observation> all() {
    return List.copyOf(all);
  }

  public List<Observation> ofKind(String kind) {
    return all.stream().filter(o -> o.kind().equals(kind)).toList();
  }

  /** Every observation, one line each. */
  public String text() {
    StringBuilder b = new StringBuilder();
    all.forEach(o -> b.append(o.line()).append('\n'));
    return b.toString();
  }
}
