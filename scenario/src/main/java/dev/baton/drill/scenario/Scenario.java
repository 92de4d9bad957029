package dev.baton.drill.scenario;

import dev.baton.domain.FailoverPolicy;
import dev.baton.domain.Timings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A game day: the fleet to simulate, the timings of Baton, a timeline of faults and commands, and
 * what Baton is expected to do. Every duration here is already scaled by {@link #scale}.
 *
 * @param name short name, e.g. {@code region-outage}
 * @param description what the drill shows, for the report
 * @param scale the factor every duration of the file was multiplied by
 * @param timings Baton's detection timings (topology defaults with the file's overrides, scaled)
 * @param policy the failover policy (defaults with the file's overrides, durations scaled)
 * @param sweepInterval how often the stale-heartbeat sweeper runs (one minute on AWS, scaled)
 * @param aws the table's replicas and the monitor's home region
 * @param regions the regions, best priority first as written
 * @param routers the traffic routers of the topology, in order
 * @param fenceAfter how long an agent may fail to write before it fences itself
 * @param duration how long the drill runs
 * @param timeline the actions, in time order
 * @param expectations what must hold, in file order
 */
public record Scenario(
    String name,
    String description,
    double scale,
    Timings timings,
    FailoverPolicy policy,
    Duration sweepInterval,
    AwsSide aws,
    List<ScenarioRegion> regions,
    List<String> routers,
    Duration fenceAfter,
    Duration duration,
    List<TimelineEntry> timeline,
    List<Expectation> expectations) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    aws = Objects.requireNonNullElse(aws, AwsSide.single());
    regions = List.copyOf(regions);
    routers = List.copyOf(routers);
    timeline = List.copyOf(timeline);
    expectations = List.copyOf(expectations);
  }

  /** The region named {@code name}, or null. */
  public ScenarioRegion region(String regionName) {
    return regions.stream().filter(r -> r.name().equals(regionName)).findFirst().orElse(null);
  }

  /** The region that holds the baton when the drill starts: the best (lowest) priority. */
  public String initialActiveRegion() {
    return regions.stream()
        .min(
            java.util.Comparator.comparingInt(ScenarioRegion::priority)
                .thenComparing(ScenarioRegion::name))
        .orElseThrow()
        .name();
  }
}
