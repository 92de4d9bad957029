package dev.baton.sim;

import dev.baton.domain.FailoverPolicy;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Timings;
import dev.baton.domain.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Topologies the simulator's tests run. */
final class Topologies {
  private Topologies() {}

  /** nyc1 (nearest us-east-1, priority 0) and ams3 (eu-west-1), two routers, default timings. */
  static Topology twoRegions() {
    return of(region("nyc1", 0, "us-east-1"), region("ams3", 1, "eu-west-1"));
  }

  /** nyc1, ams3 and sfo3 (us-west-2). */
  static Topology threeRegions() {
    return of(
        region("nyc1", 0, "us-east-1"),
        region("ams3", 1, "eu-west-1"),
        region("sfo3", 2, "us-west-2"));
  }

  /**
   * {@link #twoRegions()} with two instances per region and the monitor in us-east-2, seeded: the
   * world most simulator tests start from.
   */
  static Simulation twoRegionSimulation(long seed) {
    return Simulation.builder(twoRegions())
        .home("us-east-2")
        .instancesPerRegion(2)
        .seed(seed)
        .build();
  }

  static RegionConfig region(String name, int priority, String awsRegion) {
    return new RegionConfig(
        name,
        priority,
        awsRegion,
        "lb-" + name,
        "192.0.2." + (10 + priority),
        "https://" + name + ".app.example.test/health");
  }

  static Topology of(RegionConfig... regions) {
    List<RouterConfig> routers = new ArrayList<>();
    routers.add(new RouterConfig("do-global-lb", Map.of("glbId", "glb-1")));
    routers.add(new RouterConfig("cloudflare-dns", Map.of("zone", "example.test")));
    return new Topology(
        "shop", List.of(regions), routers, Timings.DEFAULTS, FailoverPolicy.DEFAULTS);
  }
}
