package dev.baton.routing;

import dev.baton.domain.RegionConfig;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness check of every traffic router of a topology: each router checks its credentials,
 * its load balancer or record, and every region; problems are reported per router and region. A
 * router whose check itself breaks is reported as a problem, never thrown.
 */
public final class TrafficReadiness implements ReadinessCheck {
  /** The region of a problem that concerns the router as a whole (credentials, missing record). */
  public static final String ALL_REGIONS = "*";

  private static final Logger LOG = LoggerFactory.getLogger(TrafficReadiness.class);

  private final List<TrafficRouter> routers;
  private final List<RegionConfig> regions;

  public TrafficReadiness(List<TrafficRouter> routers, List<RegionConfig> regions) {
    this.routers = List.copyOf(routers);
    this.regions = List.copyOf(regions);
  }

  @Override
  public List<Problem> check() {
    List<Problem> problems = new ArrayList<>();
    for (TrafficRouter router : routers) {
      try {
        problems.addAll(router.readiness(regions));
      } catch (RuntimeException e) {
        LOG.warn("readiness check of {} failed: {}", router.name(), e.getMessage());
        problems.add(
            new Problem(router.name(), ALL_REGIONS, "readiness check failed: " + e.getMessage()));
      }
    }
    problems.forEach(p -> LOG.info("not ready: {} [{}] {}", p.router(), p.region(), p.detail()));
    return problems;
  }
}
