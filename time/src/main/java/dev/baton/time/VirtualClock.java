package dev.baton.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that moves only when told: virtual time for the simulator and every test. Always UTC.
 * Thread-safe, but meant to be driven by one thread (a {@link VirtualScheduler} or a test).
 */
public final class VirtualClock extends Clock {
  private volatile Instant now;

  public VirtualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /** A clock at 2026-01-01T00:00:00Z, the usual start of a test. */
  public static VirtualClock atEpochOfTests() {
    return new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Moves the clock forward by {@code by}.
   *
   * @throws IllegalArgumentException for a negative duration: virtual time never runs backwards
   *     (use {@link #set} to model a wall clock that jumps)
   */
  public synchronized VirtualClock advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("advance must not be negative, was " + by);
    }
    now = now.plus(by);
    return this;
  }

  /** Sets the clock to {@code to}, forwards or backwards (a wall clock stepped by NTP). */
  public synchronized VirtualClock set(Instant to) {
    now = Objects.requireNonNull(to, "to");
    return this;
  }

  /** A sleeper on this clock: sleeping advances it. */
  public void sleep(Duration d) {
    advance(d);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long millis() {
    return now.toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** The same clock: virtual time has no zone but UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public String toString() {
    return "VirtualClock[" + now + "]";
  }
}
