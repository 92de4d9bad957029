package dev.baton.local.world;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * When a strongly consistent (MRSC) table refuses a write with {@code
 * ReplicatedWriteConflictException}: another region's write to the same item is still in flight, or
 * ended less than {@code window} ago (its replication to a quorum is still settling). Writes to one
 * item through one region are ordered by that region's replica and never conflict. Time is passed
 * in (monotonic nanoseconds), so the rule is tested without waiting.
 */
final class WriteConflicts {
  private final long windowNanos;
  private final Map<String, ItemWrites> items = new HashMap<>();

  /** The writes in flight to one item from one region, and when the last one ended. */
  private static final class ItemWrites {
    String region;
    int inFlight;
    long endedAt;
  }

  WriteConflicts(Duration window) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("conflict window must not be negative, was " + window);
    }
    this.windowNanos = window.toNanos();
  }

  /**
   * Starts a write to {@code item} arriving in {@code region}.
   *
   * @return null when it may go ahead (then {@link #end} must follow), else the region whose write
   *     it conflicts with
   */
  synchronized String begin(String item, String region, long nowNanos) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(region, "region");
    ItemWrites w = items.get(item);
    if (w != null && !w.region.equals(region)) {
      if (w.inFlight > 0 || nowNanos - w.endedAt < windowNanos) {
        return w.region;
      }
    }
    if (w == null || !w.region.equals(region)) {
      w = new ItemWrites();
      w.region = region;
      items.put(item, w);
    }
    w.inFlight++;
    return null;
  }

  /** Ends a write that {@link #begin} let go ahead. */
  synchronized void end(String item, String region, long nowNanos) {
    ItemWrites w = items.get(item);
    if (w == null || !w.region.equals(region) || w.inFlight == 0) {
      throw new IllegalStateException(
          "no write to " + item + " from " + region + " is in flight to end");
    }
    w.inFlight--;
    w.endedAt = nowNanos;
  }
}
