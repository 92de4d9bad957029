package dev.baton.domain;

import java.util.Objects;

/**
 * One probe an agent ran before beating, e.g. {@code app} (the health endpoint) or {@code store}
 * (its last write to DynamoDB).
 *
 * @param ok whether the probe passed
 * @param latencyMillis how long the probe took
 * @param detail a short human-readable detail, never a secret
 */
public record Check(boolean ok, long latencyMillis, String detail) {
  public Check {
    if (latencyMillis < 0) {
      throw new IllegalArgumentException("check latencyMillis must be >= 0, was " + latencyMillis);
    }
    detail = Objects.requireNonNullElse(detail, "");
  }
}
