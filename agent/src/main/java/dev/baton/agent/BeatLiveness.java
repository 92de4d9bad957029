package dev.baton.agent;

import dev.baton.agent.config.AgentConfig;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the beat loop is alive: a beat has finished within {@link #lateAfter}, counted on a
 * monotonic clock (a wall-clock step must not make a healthy loop look dead). The loop cannot be
 * that late while it runs: a beat takes less than two intervals (probe timeout below one interval,
 * the write and the baton read half an interval each, retries included) and the next one starts at
 * most one interval plus the jitter after it. {@code GET /health} answers 503 past it, and {@code
 * baton-agent-liveness.timer} restarts the agent (decision 0009).
 */
public final class BeatLiveness {
  /** Intervals without a finished beat after which the loop counts as stuck. */
  static final int LATE_INTERVALS = 3;

  private final Duration lateAfter;
  private final LongSupplier nanos;
  private final long startedNanos;
  private volatile long lastBeatNanos;
  private volatile boolean beaten;

  /**
   * @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public BeatLiveness(Duration lateAfter, LongSupplier nanos) {
    this.lateAfter = lateAfter;
    this.nanos = nanos;
    this.startedNanos = nanos.getAsLong();
  }

  /** {@code 3 x heartbeat.interval + heartbeat.jitter}. */
  public static Duration lateAfter(AgentConfig config) {
    return config.heartbeatInterval().multipliedBy(LATE_INTERVALS).plus(config.heartbeatJitter());
  }

  /** Records that a beat has finished now. */
  void beaten() {
    lastBeatNanos = nanos.getAsLong();
    beaten = true;
  }

  /** How long since the last beat finished (since the start before the first). */
  public Duration sinceLastBeat() {
    return Duration.ofNanos(nanos.getAsLong() - (beaten ? lastBeatNanos : startedNanos));
  }

  /**
   * Whether a beat has finished within {@link #lateAfter()} (or the agent started that recently).
   */
  public boolean beating() {
    return sinceLastBeat().compareTo(lateAfter) <= 0;
  }

  public Duration lateAfter() {
    return lateAfter;
  }
}
