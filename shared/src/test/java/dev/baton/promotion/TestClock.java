package dev.baton.promotion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that moves only when told; its sleeper advances it and records every wait. */
final class TestClock extends Clock {
  private volatile Instant now;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  TestClock(Instant start) {
    this.now = start;
  }

  synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  Sleeper sleeper() {
    return d -> {
      sleeps.add(d);
      advance(d);
    };
  }

  /** A budget that ends at {@code deadline} on this clock. */
  TimeBudget budgetUntil(Instant deadline) {
    return () -> Duration.between(now, deadline);
  }

  @Override
  public Instant instant() {
    return now;
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
