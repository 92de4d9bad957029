package dev.baton.detection;

/**
 * Why a stream record was not applied to the fleet view; the value of the {@code Cause} dimension
 * of the {@code RecordsIgnored} metric.
 */
public enum IgnoredCause {
  /** Not a heartbeat item (the event source filter should have dropped it). */
  NOT_HEARTBEAT("not-heartbeat"),
  /** DynamoDB's TTL deleted an expired heartbeat: not a sign of anything. */
  TTL_EXPIRY("ttl-expiry"),
  /** Someone deleted a heartbeat item: the instance's last beat stays in view until it ages. */
  REMOVE("remove"),
  /** The monitor's own STALE mark on a beat it already holds. */
  STALE_MARK("stale-mark"),
  /** The same seq again: a redelivery. */
  DUPLICATE("duplicate"),
  /** A lower seq than the one held: the record arrived late. */
  OUT_OF_ORDER("out-of-order"),
  /**
   * A beat from a region the topology does not name (a typo in an agent's {@code region}, or a
   * region removed from the topology): never applied, so it can neither hold up nor fail a region.
   */
  UNKNOWN_REGION("unknown-region");

  private final String dimension;

  IgnoredCause(String dimension) {
    this.dimension = dimension;
  }

  /** The metric dimension value, e.g. {@code ttl-expiry}. */
  public String dimension() {
    return dimension;
  }
}
