package dev.baton.domain;

/** Why the baton moves. */
public enum PromotionKind {
  /** Automatic: the active region is UNHEALTHY. */
  AUTO_FAILOVER,
  /** Manual: back to a region that recovered. */
  FAILBACK,
  /** Manual: planned move to another region. */
  SWITCHOVER,
  /**
   * Manual: moves every router's traffic to the region that already holds the (granted) baton, with
   * the usual shift, verify, probe and notify steps and no claim or grant: the repair for a
   * promotion left half done or a router changed by hand ({@code TRAFFIC_MISMATCH}).
   */
  RECONCILE;

  /** Whether a promotion of this kind hands the baton to another region (claim and grant). */
  public boolean movesBaton() {
    return this != RECONCILE;
  }
}
