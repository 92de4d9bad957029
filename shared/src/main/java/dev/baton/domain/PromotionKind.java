package dev.baton.domain;

/** Why the baton moves. */
public enum PromotionKind {
  /** Automatic: the active region is UNHEALTHY. */
  AUTO_FAILOVER,
  /** Manual: back to a region that recovered. */
  FAILBACK,
  /** Manual: planned move to another region. */
  SWITCHOVER
}
