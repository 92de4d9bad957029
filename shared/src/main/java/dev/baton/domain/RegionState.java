package dev.baton.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The persisted health of one region (the {@code REGION#<doRegion>/STATE} item).
 *
 * @param region the DigitalOcean region
 * @param health the judged health
 * @param since when the region entered {@code health}
 * @param lastUpAt the latest time the region's sample was up, or null if never seen up
 * @param upSince start of the current unbroken run of up samples, or null when the sample is down
 * @param healthyInstances up instances in the latest sample
 * @param expectedInstances members (non-draining instances seen within the membership window)
 * @param reason one sentence: why the region is in this state
 * @param version optimistic-locking version of the stored item; 0 when never stored
 * @param outside the outside view of the region at the evaluation that stored this state, or null
 *     when none was taken (a state stored before outside-in health, or never evaluated)
 */
public record RegionState(
    String region,
    RegionHealth health,
    Instant since,
    Instant lastUpAt,
    Instant upSince,
    int healthyInstances,
    int expectedInstances,
    String reason,
    long version,
    OutsideView outside) {

  /** A state without an outside view. */
  public RegionState(
      String region,
      RegionHealth health,
      Instant since,
      Instant lastUpAt,
      Instant upSince,
      int healthyInstances,
      int expectedInstances,
      String reason,
      long version) {
    this(
        region,
        health,
        since,
        lastUpAt,
        upSince,
        healthyInstances,
        expectedInstances,
        reason,
        version,
        null);
  }

  public RegionState {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(since, "since");
    reason = Objects.requireNonNullElse(reason, "");
  }

  /**
   * The state of a region the monitor has never judged: HEALTHY, so a monitor that starts with an
   * empty table does not fail over before it has seen anything (startup grace covers the rest).
   */
  public static RegionState initial(String region, Instant now) {
    return new RegionState(
        region, RegionHealth.HEALTHY, now, now, now, 0, 0, "first evaluation", 0);
  }

  /**
   * This state with {@code lastUpAt} moved to {@code upAt} if that is later: evidence of an up
   * sample the monitor saw between two evaluations (a batch of beats spanning an up period).
   */
  public RegionState withLastUpAtNoEarlierThan(Instant upAt) {
    if (upAt == null || (lastUpAt != null && !upAt.isAfter(lastUpAt))) {
      return this;
    }
    return new RegionState(
        region,
        health,
        since,
        upAt,
        upSince,
        healthyInstances,
        expectedInstances,
        reason,
        version,
        outside);
  }

  /** This state as stored at {@code storedVersion} (set by the store on a write). */
  public RegionState withVersion(long storedVersion) {
    return new RegionState(
        region,
        health,
        since,
        lastUpAt,
        upSince,
        healthyInstances,
        expectedInstances,
        reason,
        storedVersion,
        outside);
  }
}
