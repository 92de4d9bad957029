package dev.baton.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A prober's memory of its outside probes, one run per target: turns each raw result into an {@link
 * OutsideProbe} whose {@code downSince} is the midpoint between the last good probe of the target
 * and the first failed one of the current failure run (docs/decisions/0020 applied to the outside
 * view), or that first failed probe when the target was never reached. Not thread-safe: one per
 * prober.
 */
public final class OutsideProbeRuns {
  private final Map<String, Instant> lastGood = new HashMap<>();
  private final Map<String, Instant> downSince = new HashMap<>();
  private final Duration halfInterval;

  /**
   * @param probeInterval how often the prober means to probe (the heartbeat interval): a failure
   *     run counts from no earlier than half of it before its first failed probe, however long ago
   *     the last good one was (a prober that probes rarely, such as the once-a-minute sweeper, or
   *     one that restarted, must not date an outage back to its last look)
   */
  public OutsideProbeRuns(Duration probeInterval) {
    this.halfInterval = probeInterval.dividedBy(2);
  }

  /** Records a probe of {@code target} at {@code at} and returns it as it goes into the report. */
  public OutsideProbe note(String target, boolean ok, String detail, Instant at) {
    if (ok) {
      lastGood.put(target, at);
      downSince.remove(target);
      return OutsideProbe.up(detail);
    }
    Instant since =
        downSince.computeIfAbsent(
            target,
            t -> {
              Instant good = lastGood.get(t);
              if (good == null || good.isAfter(at)) {
                return at;
              }
              Instant midpoint = good.plus(Duration.between(good, at).dividedBy(2));
              Instant earliest = at.minus(halfInterval);
              return midpoint.isBefore(earliest) ? earliest : midpoint;
            });
    return OutsideProbe.down(detail, since);
  }

  /** Forgets targets no longer probed (a region left the topology). */
  public void retain(Set<String> targets) {
    lastGood.keySet().retainAll(targets);
    downSince.keySet().retainAll(targets);
  }
}
