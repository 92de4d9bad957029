package dev.baton.domain;

/** Conditions Baton raises to humans instead of acting on. */
public enum Alarm {
  /**
   * Every region looks down and no fresh beat arrives from any of them: the evidence stopped
   * arriving, so the observer (replication, stream, monitor) is suspect before the regions.
   */
  OBSERVER_SUSPECT,
  /**
   * Every region is down while fresh beats still arrive (agents reporting their regions down): a
   * total outage of the application, raised at once with each region's reason. No region can take
   * the baton.
   */
  TOTAL_OUTAGE,
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
  ACTIVE_REGION_UNKNOWN,
  /**
   * One outside perspective (the agents of one DigitalOcean region, or the monitor of one AWS
   * region) sees every region it probes down while another perspective sees one of them up: its own
   * egress is the likelier fault. It is left out of the outside view, so it fails no one over
   * (docs/decisions/0023).
   */
  PERSPECTIVE_SUSPECT
}
