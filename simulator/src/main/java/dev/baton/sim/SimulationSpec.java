package dev.baton.sim;

import dev.baton.agent.config.AgentConfigBuilder;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.Topology;
import dev.baton.promotion.RetrySchedule;
import dev.baton.sim.aws.StreamEventSourceMapping;
import dev.baton.sim.store.ReplicatedTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a simulation is built from: the application's topology (regions with their nearest AWS
 * region, routers, Baton's timings and policy), the home AWS region (the monitor's), the table's
 * replicas, the droplets per region, the seed, and the stand-ins' settings.
 *
 * @param replicas every AWS region holding a replica; must include home and every region's nearest
 * @param instances droplets of the regions that do not have {@code instancesPerRegion}; droplets
 *     are named {@code REGION-N} as in the drill
 * @param asyncRetries Lambda's retries of a failed asynchronous invoke (template.yaml: 1)
 */
public record SimulationSpec(
    Topology topology,
    String home,
    List<String> replicas,
    int instancesPerRegion,
    Map<String, Integer> instances,
    long seed,
    Instant start,
    Duration agentJitter,
    Duration fenceAfter,
    Duration minReplicationDelay,
    Duration maxReplicationDelay,
    StreamEventSourceMapping.Settings stream,
    int asyncRetries,
    RetrySchedule retries,
    List<String> monitorRegions) {

  /** How many droplets {@code region} runs. */
  public int instancesOf(String region) {
    return instances.getOrDefault(region, instancesPerRegion);
  }

  /**
   * Whether the control table is strongly consistent (DynamoDB MRSC) across the monitor regions,
   * each running a monitor (issue 14).
   */
  public boolean strong() {
    return monitorRegions.size() > 1;
  }

  public SimulationSpec {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(home, "home");
    replicas = List.copyOf(replicas);
    monitorRegions = monitorRegions == null ? List.of(home) : List.copyOf(monitorRegions);
    instances = Map.copyOf(instances);
    List<String> problems = new ArrayList<>();
    instances.forEach(
        (region, n) -> {
          if (n < 1) {
            problems.add("instances of " + region + " must be >= 1, was " + n);
          }
        });
    if (!replicas.contains(home)) {
      problems.add("replicas must include the home region " + home + ", were " + replicas);
    }
    for (RegionConfig region : topology.regions()) {
      if (!replicas.contains(region.awsRegion())) {
        problems.add(
            "replicas must include "
                + region.awsRegion()
                + " (nearest to "
                + region.name()
                + "), were "
                + replicas);
      }
    }
    if (!monitorRegions.get(0).equals(home)) {
      problems.add("the first monitor region must be home " + home + ", was " + monitorRegions);
    }
    if (monitorRegions.size() > 1
        && (monitorRegions.size() != 3
            || !Set.copyOf(replicas).equals(Set.copyOf(monitorRegions)))) {
      problems.add(
          "a strongly consistent table has exactly three replicas, each running a monitor: monitor"
              + " regions "
              + monitorRegions
              + ", replicas "
              + replicas);
    }
    if (instancesPerRegion < 1) {
      problems.add("instancesPerRegion must be >= 1, was " + instancesPerRegion);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("simulation: " + String.join("; ", problems));
    }
  }

  public static Builder builder(Topology topology) {
    return new Builder(topology);
  }

  /** Defaults: two droplets per region, replicas in home and every region's nearest AWS region. */
  public static final class Builder {
    private final Topology topology;
    private String home;
    private List<String> replicas;
    private int instancesPerRegion = 2;
    private final Map<String, Integer> instances = new java.util.LinkedHashMap<>();
    private long seed = 1;
    private Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private Duration agentJitter = AgentConfigBuilder.DEFAULT_JITTER;
    private Duration fenceAfter = AgentConfigBuilder.DEFAULT_FENCE_AFTER;
    private Duration minReplicationDelay = ReplicatedTable.DEFAULT_MIN_DELAY;
    private Duration maxReplicationDelay = ReplicatedTable.DEFAULT_MAX_DELAY;
    private StreamEventSourceMapping.Settings stream = StreamEventSourceMapping.Settings.TEMPLATE;
    private int asyncRetries = 1;
    private RetrySchedule retries = RetrySchedule.DEFAULTS;
    private List<String> monitorRegions;

    private Builder(Topology topology) {
      this.topology = topology;
      this.home = topology.regions().get(0).awsRegion();
    }

    public Builder home(String awsRegion) {
      this.home = awsRegion;
      return this;
    }

    public Builder replicas(String... awsRegions) {
      this.replicas = List.of(awsRegions);
      return this;
    }

    /** How many droplets {@code region} runs (others run {@link #instancesPerRegion}). */
    public Builder instances(String region, int n) {
      this.instances.put(region, n);
      return this;
    }

    public Builder instancesPerRegion(int n) {
      this.instancesPerRegion = n;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public Builder agentJitter(Duration jitter) {
      this.agentJitter = jitter;
      return this;
    }

    public Builder fenceAfter(Duration fenceAfter) {
      this.fenceAfter = fenceAfter;
      return this;
    }

    public Builder replicationDelay(Duration min, Duration max) {
      this.minReplicationDelay = min;
      this.maxReplicationDelay = max;
      return this;
    }

    public Builder stream(StreamEventSourceMapping.Settings stream) {
      this.stream = stream;
      return this;
    }

    public Builder asyncRetries(int retries) {
      this.asyncRetries = retries;
      return this;
    }

    public Builder retries(RetrySchedule retries) {
      this.retries = retries;
      return this;
    }

    /**
     * A strongly consistent (MRSC) control table on exactly these three regions, a monitor in each;
     * the first is home, and they are the replicas.
     */
    public Builder monitorRegions(String... awsRegions) {
      this.monitorRegions = List.of(awsRegions);
      this.home = awsRegions[0];
      this.replicas = List.of(awsRegions);
      return this;
    }

    public SimulationSpec spec() {
      List<String> all = replicas;
      if (all == null) {
        Set<String> regions = new LinkedHashSet<>();
        regions.add(home);
        topology.regions().forEach(r -> regions.add(r.awsRegion()));
        all = List.copyOf(regions);
      }
      return new SimulationSpec(
          topology,
          home,
          all,
          instancesPerRegion,
          instances,
          seed,
          start,
          agentJitter,
          fenceAfter,
          minReplicationDelay,
          maxReplicationDelay,
          stream,
          asyncRetries,
          retries,
          monitorRegions);
    }

    public Simulation build() {
      return Simulation.of(spec());
    }
  }
}
