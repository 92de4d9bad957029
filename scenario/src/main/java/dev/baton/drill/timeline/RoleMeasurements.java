package dev.baton.drill.timeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the sampled roles and routers say about a drill's safety and availability: how long two
 * regions were active at once, how long none was, how long traffic went elsewhere than the baton.
 *
 * @param dualActive total time running agents of two or more regions reported active
 * @param maxDualActive the longest single such span
 * @param noActive total time no running agent reported active, counted from the first instant one
 *     did (before the agents' first decision nobody is active yet, and that is no outage)
 * @param trafficMismatch total time a router's target (or an unreadable router) differed from the
 *     region holding the baton; counted once the baton and a router are known
 */
public record RoleMeasurements(
    Duration dualActive, Duration maxDualActive, Duration noActive, Duration trafficMismatch) {

  /** Nothing measured: every time zero. */
  public static final RoleMeasurements NONE =
      new RoleMeasurements(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public RoleMeasurements {
    Objects.requireNonNull(dualActive, "dualActive");
    Objects.requireNonNull(maxDualActive, "maxDualActive");
    Objects.requireNonNull(noActive, "noActive");
    Objects.requireNonNull(trafficMismatch, "trafficMismatch");
  }

  /** Measures {@code events} (sorted by time) of a drill that ended at {@code end}. */
  public static RoleMeasurements of(List<DrillEvent> events, Duration end) {
    return of(WorldHistory.of(events, end));
  }

  /** Measures {@code history}. */
  public static RoleMeasurements of(WorldHistory history) {
    List<WorldHistory.Span> dual = history.dualActive();
    return new RoleMeasurements(
        WorldHistory.total(dual),
        WorldHistory.longest(dual),
        WorldHistory.total(history.noActive()),
        WorldHistory.total(history.trafficMismatch()));
  }
}
