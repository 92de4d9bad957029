package dev.baton.drill.timeline;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two times a drill measures for its first automatic failover: detection (from the fault to the
 * promotion request) and failover (from the fault to the last router acknowledging the change: the
 * end of the traffic-shift step).
 *
 * @param fault the fault action measured from, or null when there was no automatic failover
 * @param faultAt when that fault was injected
 * @param requestedAt when a detector asked for the failover
 * @param promotionId the promotion that ran it, or null when none was seen
 * @param routedAt when its traffic shift ended successfully, or null
 */
public record Measurements(
    String fault, Duration faultAt, Duration requestedAt, String promotionId, Duration routedAt) {

  /** No automatic failover happened. */
  public static final Measurements NONE = new Measurements(null, null, null, null, null);

  /** From the fault to the promotion request. */
  public Optional<Duration> detection() {
    return faultAt == null || requestedAt == null
        ? Optional.empty()
        : Optional.of(requestedAt.minus(faultAt));
  }

  /** From the fault to the last router acknowledged. */
  public Optional<Duration> failover() {
    return faultAt == null || routedAt == null
        ? Optional.empty()
        : Optional.of(routedAt.minus(faultAt));
  }

  /**
   * Measures the first automatic failover request of {@code events} (sorted by time) from the
   * latest fault injected before it, and its promotion's traffic shift.
   */
  public static Measurements of(List<DrillEvent> events) {
    DrillEvent.PromotionRequested request =
        events.stream()
            .filter(DrillEvent.PromotionRequested.class::isInstance)
            .map(DrillEvent.PromotionRequested.class::cast)
            .filter(DrillEvent.PromotionRequested::automatic)
            .filter(r -> r.action().equals("failover"))
            .findFirst()
            .orElse(null);
    if (request == null) {
      return NONE;
    }
    DrillEvent.ActionTaken fault =
        events.stream()
            .filter(DrillEvent.ActionTaken.class::isInstance)
            .map(DrillEvent.ActionTaken.class::cast)
            .filter(DrillEvent.ActionTaken::fault)
            .filter(a -> a.at().compareTo(request.at()) <= 0)
            .reduce((first, second) -> second)
            .orElse(null);
    // The first failover that ended after the request and moved the baton: one that lost the claim
    // to another (SUPERSEDED, e.g. another monitor region's on a strongly consistent table) did
    // not.
    DrillEvent.PromotionEnded promotion =
        events.stream()
            .filter(DrillEvent.PromotionEnded.class::isInstance)
            .map(DrillEvent.PromotionEnded.class::cast)
            .filter(p -> p.at().compareTo(request.at()) >= 0)
            .filter(p -> p.kind().toUpperCase(Locale.ROOT).contains("FAILOVER"))
            .filter(p -> !"SUPERSEDED".equalsIgnoreCase(p.status()))
            .findFirst()
            .orElse(null);
    String promotionId = promotion == null ? null : promotion.promotionId();
    Duration routedAt =
        promotionId == null
            ? null
            : events.stream()
                .filter(DrillEvent.PromotionStep.class::isInstance)
                .map(DrillEvent.PromotionStep.class::cast)
                .filter(s -> s.promotionId().equals(promotionId))
                .filter(s -> isTrafficShift(s.step()) && !s.failed())
                .map(DrillEvent::at)
                .max(Duration::compareTo)
                .orElse(null);
    return new Measurements(
        fault == null ? null : fault.action(),
        fault == null ? null : fault.at(),
        request.at(),
        promotionId,
        routedAt);
  }

  /** Whether a saga step name is (part of) the traffic shift, however the saga spells it. */
  public static boolean isTrafficShift(String step) {
    return normalize(step).startsWith("shift");
  }

  /** A step name without case or separators: {@code shift-traffic} = {@code SHIFT_TRAFFIC}. */
  public static String normalize(String step) {
    return step.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
