package dev.baton.port;

import java.util.Map;

/**
 * Baton's own metrics (AWS: CloudWatch embedded-metric-format log lines). Names are stable, since
 * the template's alarms watch them.
 */
public interface Metrics {
  void count(String name, double value, Map<String, String> dimensions);

  default void count(String name) {
    count(name, 1, Map.of());
  }

  void millis(String name, double value);

  /** A level rather than an event (a count of things, a 0/1 state), emitted without dimensions. */
  default void gauge(String name, double value) {
    count(name, value, Map.of());
  }
}
