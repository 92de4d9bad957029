package dev.baton.testing;

import dev.baton.port.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Metrics in memory: every data point, with sums by name and dimensions. Thread-safe. */
public final class RecordingMetrics implements Metrics {
  /** One data point. */
  public record Point(String name, double value, Map<String, String> dimensions) {}

  private final List<Point> points = new ArrayList<>();

  @Override
  public synchronized void count(String name, double value, Map<String, String> dimensions) {
    points.add(new Point(name, value, Map.copyOf(dimensions)));
  }

  @Override
  public synchronized void millis(String name, double value) {
    points.add(new Point(name, value, Map.of()));
  }

  public synchronized List<Point> points() {
    return List.copyOf(points);
  }

  /** The sum of every point named {@code name}, whatever its dimensions. */
  public synchronized double sum(String name) {
    return points.stream().filter(p -> p.name().equals(name)).mapToDouble(Point::value).sum();
  }

  /** The sum of the points named {@code name} with exactly {@code dimensions}. */
  public synchronized double sum(String name, Map<String, String> dimensions) {
    return points.stream()
        .filter(p -> p.name().equals(name) && p.dimensions().equals(dimensions))
        .mapToDouble(Point::value)
        .sum();
  }
}
