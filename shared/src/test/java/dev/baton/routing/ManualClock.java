package dev.baton.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told; its {@link #sleeper} records each wait and moves the clock.
 */
final class ManualClock extends Clock {
  private Instant now;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  ManualClock(Instant start) {
    this.now = start;
  }

  synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public synchronized Instant instant() {
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

  Sleeper sleeper() {
    return d -> {
      sleeps.add(d);
      advance(d);
    };
  }

  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
