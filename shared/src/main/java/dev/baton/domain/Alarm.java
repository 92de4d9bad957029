package dev.baton.domain;

/** Conditions Baton raises to humans instead of acting on. */
public enum Alarm {
  /** Every region looks down at once: the observer (replication, stream, monitor) is suspect. */
  OBSERVER_SUSPECT,
  /** The active region is UNHEALTHY but no other region is HEALTHY to take over. */
  NO_HEALTHY_TARGET,
  /** The flap limit was reached and Baton froze itself; an operator must unfreeze. */
  FLAP_LIMIT_FROZEN,
  /** The active region is UNHEALTHY, but automation is FROZEN. */
  FROZEN_BLOCKED_FAILOVER,
  /** The active region is UNHEALTHY, but the cooldown since the last promotion has not passed. */
  COOLDOWN_BLOCKED_FAILOVER,
  /**
   * The baton names an active region the topology does not know (a renamed or removed region, or a
   * hand-edited item): Baton cannot judge it and takes no automatic action; an operator must move
   * the baton by hand (failback or switchover to a known region).
   */
  ACTIVE_REGION_UNKNOWN
}
