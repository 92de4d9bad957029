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
              return good == null || good.isAfter(at)
                  ? at
                  : good.plus(Duration.between(good, at).dividedBy(2));
            });
    return OutsideProbe.down(detail, since);
  }

  /** Forgets targets no longer probed (a region left the topology). */
  public void retain(Set<String> targets) {
    lastGood.keySet().retainAll(targets);
    downSince.keySet().retainAll(targets);
  }
}
