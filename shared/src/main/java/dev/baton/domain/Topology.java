package dev.baton.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything Baton needs to know about an application: its regions, how traffic is routed, and the
 * timings and policy of failover (docs/architecture.md). Valid by construction.
 */
public record Topology(
    String app,
    List<RegionConfig> regions,
    List<RouterConfig> routers,
    Timings timings,
    FailoverPolicy policy) {

  public Topology {
    regions = regions == null ? List.of() : List.copyOf(regions);
    routers = routers == null ? List.of() : List.copyOf(routers);
    timings = timings == null ? Timings.DEFAULTS : timings;
    policy = policy == null ? FailoverPolicy.DEFAULTS : policy;
    InvalidConfigException.throwIfAny("topology", problems(app, regions, routers));
  }

  /** Cross-field rules; each section's own rules are checked by its record. */
  public static List<ConfigProblem> problems(
      String app, List<RegionConfig> regions, List<RouterConfig> routers) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (app == null || app.isBlank()) {
      problems.add(new ConfigProblem("app", "is required (a short name used in messages)"));
    }
    if (regions.size() < 2) {
      problems.add(
          new ConfigProblem(
              "regions",
              "must list at least two regions to fail over between, had " + regions.size()));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < regions.size(); i++) {
      String name = regions.get(i).name();
      if (!seen.add(name)) {
        problems.add(
            new ConfigProblem(
                "regions[" + i + "].name", "duplicate region '" + name + "': each region once"));
      }
    }
    for (int i = 0; i < routers.size(); i++) {
      if (!RouterConfig.TYPES.contains(routers.get(i).type())) {
        problems.add(
            new ConfigProblem(
                "routers[" + i + "].type",
                "unknown router type '"
                    + routers.get(i).type()
                    + "'; known: "
                    + RouterConfig.TYPES.stream().sorted().toList()));
      }
    }
    return problems;
  }

  /** The region named {@code name}, if the topology has it. */
  public Optional<RegionConfig> region(String name) {
    // Called on every evaluation and promotion decision: a plain loop, no stream pipeline.
    for (RegionConfig region : regions) {
      if (region.name().equals(name)) {
        return Optional.of(region);
      }
    }
    return Optional.empty();
  }

  /** Whether the topology has a region named {@code name}. */
  public boolean hasRegion(String name) {
    return region(name).isPresent();
  }

  /** Region names, best (lowest) priority first; ties by name so the order is stable. */
  public List<String> regionNamesByPriority() {
    return regions.stream()
        .sorted(Comparator.comparingInt(RegionConfig::priority).thenComparing(RegionConfig::name))
        .map(RegionConfig::name)
        .toList();
  }
}
