package dev.baton.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The safety policy of automatic failover (docs/architecture.md).
 *
 * @param quorum fraction of members that must be up for a region's sample to be up; null or absent
 *     means a strict majority
 * @param minAutoPromotionGap cooldown after an automatic promotion
 * @param maxAutoPromotions automatic promotions allowed within {@code flapWindow}; reaching it
 *     freezes Baton
 * @param flapWindow the window of the flap limit
 */
public record FailoverPolicy(
    Double quorum, Duration minAutoPromotionGap, int maxAutoPromotions, Duration flapWindow) {

  public static final FailoverPolicy DEFAULTS =
      new FailoverPolicy(null, Duration.ofMinutes(10), 2, Duration.ofHours(1));

  public FailoverPolicy {
    InvalidConfigException.throwIfAny(
        "policy", problems("policy", quorum, minAutoPromotionGap, maxAutoPromotions, flapWindow));
  }

  /** Whether {@code up} of {@code members} instances make an up sample. */
  public boolean quorumMet(int up, int members) {
    if (members <= 0) {
      return false;
    }
    if (quorum == null) {
      return up * 2 > members;
    }
    return up >= quorum * members;
  }

  /** A description of the quorum rule for reasons, e.g. "a strict majority". */
  public String quorumDescription() {
    return quorum == null ? "a strict majority" : Math.round(quorum * 100) + "%";
  }

  public static List<ConfigProblem> problems(
      String prefix,
      Double quorum,
      Duration minAutoPromotionGap,
      int maxAutoPromotions,
      Duration flapWindow) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (quorum != null && !(quorum > 0 && quorum <= 1)) {
      problems.add(
          new ConfigProblem(
              prefix + ".quorum", "must be a fraction in (0, 1] of members, was " + quorum));
    }
    if (minAutoPromotionGap == null || minAutoPromotionGap.isNegative()) {
      problems.add(
          new ConfigProblem(prefix + ".minAutoPromotionGap", "is required and must be >= 0"));
    }
    if (maxAutoPromotions < 1) {
      problems.add(
          new ConfigProblem(
              prefix + ".maxAutoPromotions", "must be >= 1, was " + maxAutoPromotions));
    }
    if (flapWindow == null || flapWindow.isNegative() || flapWindow.isZero()) {
      problems.add(new ConfigProblem(prefix + ".flapWindow", "is required and must be positive"));
    }
    return problems;
  }
}
