package dev.baton.promotion;

import java.time.Duration;

/**
 * Waits between retries. Production sleeps the thread; tests advance a fake clock instead, so the
 * saga's timing is deterministic.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** The real thing. */
  static Sleeper threadSleep() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
