package dev.baton.drill.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * One action of a scenario's timeline.
 *
 * @param at when it runs, from the drill's start (scaled)
 * @param action what it does
 * @param line the line of the scenario file it came from, or 0 when unknown
 */
public record TimelineEntry(Duration at, DrillAction action, int line) {
  public TimelineEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
  }
}
