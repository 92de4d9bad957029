package dev.baton.drill.scenario;

import java.util.Objects;

/**
 * What a fault acts on: every instance of a region ({@code nyc1}) or one instance ({@code nyc1/2},
 * 1-based).
 *
 * @param region the DigitalOcean region slug
 * @param instance the 1-based instance number, or 0 for every instance of the region
 */
public record Target(String region, int instance) {
  public Target {
    Objects.requireNonNull(region, "region");
    if (instance < 0) {
      throw new IllegalArgumentException("instance must be >= 1 (or 0 for all), was " + instance);
    }
  }

  /** Whether this target covers the {@code n}th instance (1-based) of {@code r}. */
  public boolean covers(String r, int n) {
    return region.equals(r) && (instance == 0 || instance == n);
  }

  /** The instance id of the {@code n}th instance of {@code region} in a drill. */
  public static String instanceId(String region, int n) {
    return region + "-" + n;
  }

  @Override
  public String toString() {
    return instance == 0 ? region : region + "/" + instance;
  }
}
