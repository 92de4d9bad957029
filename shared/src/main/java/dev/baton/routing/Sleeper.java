package dev.baton.routing;

import java.time.Duration;

/** Waits. Injected so that tests control time instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** The real thing: the calling thread sleeps. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
