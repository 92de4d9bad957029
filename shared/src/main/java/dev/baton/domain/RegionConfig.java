package dev.baton.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One DigitalOcean region of the application.
 *
 * @param name the DO region slug, e.g. {@code nyc1}
 * @param priority lower wins when choosing a failover target
 * @param awsRegion the AWS region of the nearest table replica (agents write there)
 * @param loadBalancerId the region's DigitalOcean load balancer id (may be null when no router
 *     needs it)
 * @param publicAddress the address DNS routers point at when this region is active
 * @param healthUrl optional public health URL probed after a promotion
 */
public record RegionConfig(
    String name,
    int priority,
    String awsRegion,
    String loadBalancerId,
    String publicAddress,
    String healthUrl) {

  private static final Pattern SLUG = Pattern.compile("[a-z]{3}[0-9]");

  public RegionConfig {
    InvalidConfigException.throwIfAny("region", problems("region", name, priority, awsRegion));
  }

  public static List<ConfigProblem> problems(
      String prefix, String name, int priority, String awsRegion) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (name == null || name.isBlank()) {
      problems.add(new ConfigProblem(prefix + ".name", "is required"));
    } else if (!SLUG.matcher(name).matches()) {
      problems.add(
          new ConfigProblem(
              prefix + ".name",
              "must be a DigitalOcean region slug such as nyc1 or ams3, was '" + name + "'"));
    }
    if (priority < 0) {
      problems.add(new ConfigProblem(prefix + ".priority", "must be >= 0, was " + priority));
    }
    if (awsRegion == null || awsRegion.isBlank()) {
      problems.add(new ConfigProblem(prefix + ".awsRegion", "is required"));
    }
    return problems;
  }
}
