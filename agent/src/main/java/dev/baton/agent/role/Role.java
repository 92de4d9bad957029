package dev.baton.agent.role;

import java.util.Locale;

/** What this region's app may do, as the agent sees it. */
public enum Role {
  /** The baton says this region is active and the agent can reach the store. */
  ACTIVE,
  /** Another region holds the baton (or none is placed yet). */
  STANDBY,
  /**
   * The agent has not reached the store for longer than {@code fenceAfter}: the region must assume
   * it has been failed away from and stop accepting writes.
   */
  FENCED;

  /** The lower-case name used on {@code /role} and in {@code BATON_ROLE}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
