package dev.baton.local.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Counts requests in a sliding window, as the providers do: each request counts for {@code window}
 * after it was made. Thread-safe.
 */
final class SlidingWindowLimit {
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Deque<Instant> requests = new ArrayDeque<>();

  SlidingWindowLimit(int limit, Duration window, Clock clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("rate limit must be >= 1, was " + limit);
    }
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  int limit() {
    return limit;
  }

  /**
   * Counts one request now if the window has room; otherwise returns how long until the oldest
   * request leaves the window.
   */
  synchronized Optional<Duration> tryAcquire() {
    Instant now = clock.instant();
    expire(now);
    if (requests.size() >= limit) {
      Duration wait = Duration.between(now, requests.peekFirst().plus(window));
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }
    requests.addLast(now);
    return Optional.empty();
  }

  /** Whether the window is full now (without counting a request). */
  synchronized boolean full() {
    expire(clock.instant());
    return requests.size() >= limit;
  }

  synchronized int remaining() {
    expire(clock.instant());
    return Math.max(0, limit - requests.size());
  }

  /** When the oldest counted request expires (now when none is counted). */
  synchronized Instant oldestExpiry() {
    Instant now = clock.instant();
    expire(now);
    return requests.isEmpty() ? now : requests.peekFirst().plus(window);
  }

  private void expire(Instant now) {
    while (!requests.isEmpty() && !requests.peekFirst().plus(window).isAfter(now)) {
      requests.removeFirst();
    }
  }
}
