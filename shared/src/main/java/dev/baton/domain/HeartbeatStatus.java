package dev.baton.domain;

/** What an agent says about its instance in one heartbeat. */
public enum HeartbeatStatus {
  /** The app answered its health probe in time. */
  HEALTHY,
  /** The app answered, but slowly or with a warning; counts as up and is reported. */
  DEGRADED,
  /** The app failed its health probe. */
  UNHEALTHY,
  /** Planned maintenance: the instance leaves the quorum denominator. */
  DRAINING,
  /** Written by the monitor, never by an agent: the last beat is too old. */
  STALE;

  /** Whether this status counts the instance as serving. */
  public boolean countsAsUp() {
    return this == HEALTHY || this == DEGRADED;
  }
}
