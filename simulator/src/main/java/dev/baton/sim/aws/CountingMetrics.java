package dev.baton.sim.aws;

import dev.baton.port.Metrics;
import java.util.Map;
import java.util.TreeMap;

/** Baton's metrics, counted by name (dimensions ignored); gauges keep their last value. */
public final class CountingMetrics implements Metrics {
  private final Map<String, Double> counts = new TreeMap<>();

  @Override
  public void count(String name, double value, Map<String, String> dimensions) {
    counts.merge(name, value, Double::sum);
  }

  @Override
  public void gauge(String name, double value) {
    counts.put(name, value);
  }

  @Override
  public void millis(String name, double value) {}

  public double get(String name) {
    return counts.getOrDefault(name, 0.0);
  }

  public Map<String, Double> all() {
    return Map.copyOf(counts);
  }
}
