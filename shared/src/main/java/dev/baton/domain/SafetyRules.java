package dev.baton.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The safety rules of automatic failover (docs/architecture.md) that the evaluator applies when it
 * asks and {@link PromotionRules} applies again when the promotion runs.
 */
public final class SafetyRules {
  private SafetyRules() {}

  /**
   * The best (lowest priority, then name) HEALTHY region other than {@code active}; RECOVERING does
   * not qualify.
   */
  public static Optional<String> bestHealthyTarget(
      Topology topology, Map<String, RegionState> states, String active) {
    return bestHealthyTarget(topology.regionNamesByPriority(), states, active);
  }

  /** The first HEALTHY region of {@code regionsByPriority} other than {@code active}. */
  public static Optional<String> bestHealthyTarget(
      List<String> regionsByPriority, Map<String, RegionState> states, String active) {
    for (String name : regionsByPriority) {
      RegionState state = states.get(name);
      if (!name.equals(active) && state != null && state.health() == RegionHealth.HEALTHY) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /** The automatic promotions of {@code baton} within the flap window ending at {@code now}. */
  public static List<Instant> inFlapWindow(Baton baton, FailoverPolicy policy, Instant now) {
    Instant windowStart = now.minus(policy.flapWindow());
    return baton.autoPromotions().stream()
        .filter(t -> t.isAfter(windowStart) && !t.isAfter(now))
        .toList();
  }

  /** How many automatic promotions of {@code baton} fall within the flap window. */
  public static int countInFlapWindow(Baton baton, FailoverPolicy policy, Instant now) {
    Instant windowStart = now.minus(policy.flapWindow());
    int count = 0;
    for (Instant t : baton.autoPromotions()) {
      if (t.isAfter(windowStart) && !t.isAfter(now)) {
        count++;
      }
    }
    return count;
  }

  /** Whether another automatic promotion would exceed {@code maxAutoPromotions}. */
  public static boolean flapLimitReached(Baton baton, FailoverPolicy policy, Instant now) {
    return countInFlapWindow(baton, policy, now) >= policy.maxAutoPromotions();
  }

  /** When the cooldown after the last automatic promotion ends, if it has not yet. */
  public static Optional<Instant> cooldownUntil(Baton baton, FailoverPolicy policy, Instant now) {
    Instant last = null;
    for (Instant t : baton.autoPromotions()) {
      if (last == null || t.isAfter(last)) {
        last = t;
      }
    }
    if (last == null) {
      return Optional.empty();
    }
    Instant until = last.plus(policy.minAutoPromotionGap());
    return now.isBefore(until) ? Optional.of(until) : Optional.empty();
  }

  /** A short description of the flap limit for reasons. */
  public static String describeFlapLimit(Baton baton, FailoverPolicy policy, Instant now) {
    List<Instant> recent = inFlapWindow(baton, policy, now);
    return recent.size()
        + " automatic promotions within the last "
        + Durations.format(policy.flapWindow())
        + " "
        + recent
        + " (limit "
        + policy.maxAutoPromotions()
        + ")";
  }
}
