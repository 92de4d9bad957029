package dev.baton.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One round of a monitor's own outside probes (the AWS perspective): every region's public health
 * URL probed from one AWS region at one instant.
 *
 * @param perspective the perspective's name, {@code aws:<awsRegion>}
 * @param prober who probed (the monitor), one prober of its perspective
 * @param probedAt when the round ran (the monitor's clock)
 * @param results by DigitalOcean region
 */
public record OutsideReport(
    String perspective, String prober, Instant probedAt, Map<String, OutsideProbe> results) {
  public OutsideReport {
    Objects.requireNonNull(perspective, "perspective");
    Objects.requireNonNull(prober, "prober");
    Objects.requireNonNull(probedAt, "probedAt");
    results = Map.copyOf(results);
  }

  /** How the names of AWS perspectives begin. */
  public static final String AWS_PREFIX = "aws:";

  /** The name of the perspective of monitors in {@code awsRegion}. */
  public static String awsPerspective(String awsRegion) {
    return AWS_PREFIX + awsRegion;
  }
}
