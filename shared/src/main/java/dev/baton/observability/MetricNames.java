package dev.baton.observability;

/** Baton's metric names (namespace {@code Baton}). Stable: the template's alarms watch them. */
public final class MetricNames {
  public static final String FAILOVER_REQUESTED = "FailoverRequested";
  public static final String OBSERVER_SUSPECT = "ObserverSuspect";
  public static final String TOTAL_OUTAGE = "TotalOutage";
  public static final String FROZEN = "Frozen";
  public static final String NO_HEALTHY_TARGET = "NoHealthyTarget";
  public static final String COOLDOWN_BLOCKED_FAILOVER = "CooldownBlockedFailover";
  public static final String ACTIVE_REGION_UNKNOWN = "ActiveRegionUnknown";

  /** An outside perspective sees every region it probes down while others do not (left out). */
  public static final String PERSPECTIVE_SUSPECT = "PerspectiveSuspect";

  /**
   * Per evaluation, per region and perspective: 1 when the perspective sees the region down from
   * outside, 0 when it sees it up (dimensions {@link #REGION} and {@link #PERSPECTIVE}).
   */
  public static final String OUTSIDE_DOWN = "OutsideDown";

  /** The dimension naming the outside perspective: a DigitalOcean region or aws:<region>. */
  public static final String PERSPECTIVE = "Perspective";

  /** The dimension naming the DigitalOcean region judged. */
  public static final String REGION = "Region";

  public static final String RECORDS_IGNORED = "RecordsIgnored";
  public static final String MALFORMED_RECORD = "MalformedRecord";
  public static final String EVALUATION_LATENCY = "EvaluationLatency";
  public static final String PROMOTION_FAILED = "PromotionFailed";
  public static final String PROMOTION_STUCK = "PromotionStuck";
  public static final String PROMOTION_SUCCEEDED = "PromotionSucceeded";
  public static final String READINESS_FAILED = "ReadinessFailed";
  public static final String TRAFFIC_MISMATCH = "TrafficMismatch";
  public static final String HEARTBEATS_MARKED_STALE = "HeartbeatsMarkedStale";

  /** A decision's audit record given up after its retries (the log line holds the whole entry). */
  public static final String AUDIT_WRITE_FAILED = "AuditWriteFailed";

  // Gauges, emitted by the sweeper every minute whatever happens (read them with Maximum or
  // Minimum): a state that lasts keeps showing, where the counts above fire once.
  /** 1 while the baton is FROZEN (automatic failover blocked), else 0. */
  public static final String BATON_FROZEN = "BatonFrozen";

  /** How many regions are HEALTHY. */
  public static final String HEALTHY_REGIONS = "HealthyRegions";

  /** 1 while the region holding the baton is HEALTHY, else 0. */
  public static final String ACTIVE_REGION_HEALTHY = "ActiveRegionHealthy";

  /** The baton's epoch (a step means a promotion claimed it). */
  public static final String BATON_EPOCH = "BatonEpoch";

  /** The dimension of {@link #RECORDS_IGNORED}: why the records were not applied. */
  public static final String CAUSE = "Cause";

  private MetricNames() {}
}
