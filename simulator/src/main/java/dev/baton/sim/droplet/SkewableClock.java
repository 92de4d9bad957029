package dev.baton.sim.droplet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A droplet's wall clock: virtual time plus an offset a fault sets. */
public final class SkewableClock extends Clock {
  private final Clock base;
  private Duration offset = Duration.ZERO;

  public SkewableClock(Clock base) {
    this.base = base;
  }

  public void skew(Duration by) {
    offset = by;
  }

  public Duration offset() {
    return offset;
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
