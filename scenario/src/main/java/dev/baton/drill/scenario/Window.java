package dev.baton.drill.scenario;

import dev.baton.config.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * A closed span of drill time, measured from the drill's start (after scaling).
 *
 * @param from the first instant
 * @param to the last instant
 */
public record Window(Duration from, Duration to) {
  public Window {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.compareTo(from) < 0) {
      throw new IllegalArgumentException(
          "window ends before it starts: "
              + DurationText.format(from)
              + " > "
              + DurationText.format(to));
    }
  }

  /** The single instant {@code at}. */
  public static Window instant(Duration at) {
    return new Window(at, at);
  }

  /** Whether this window is a single instant. */
  public boolean isInstant() {
    return from.equals(to);
  }

  /** Whether {@code t} lies in the window. */
  public boolean contains(Duration t) {
    return t.compareTo(from) >= 0 && t.compareTo(to) <= 0;
  }

  @Override
  public String toString() {
    return isInstant()
        ? "at " + DurationText.format(from)
        : "[" + DurationText.format(from) + ", " + DurationText.format(to) + "]";
  }
}
