package dev.baton.drill.droplet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A droplet's clock: the host's clock plus an offset the scenario sets ({@code skew-clock}). */
public final class SkewableClock extends Clock {
  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

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
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a droplet clock is always UTC");
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }
}
