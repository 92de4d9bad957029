package dev.baton.routing;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.port.ProviderException;
import dev.baton.port.ReadinessCheck.Problem;
import dev.baton.port.TrafficRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Steers a DigitalOcean Global load balancer: GET it, reorder {@code
 * glb_settings.region_priorities} so the target region comes first (lower wins), PUT the whole
 * object back (see {@link GlobalLbDocument} for what the PUT body leaves out), verify by GET. No
 * PUT when the target already comes first.
 *
 * <p>Settings: {@code loadBalancerId} (required).
 */
public final class DigitalOceanGlobalLbRouter implements TrafficRouter {
  public static final String TYPE = "do-global-lb";
  static final Set<String> SETTINGS = Set.of("loadBalancerId");

  private final DigitalOceanApi api;
  private final String loadBalancerId;

  public DigitalOceanGlobalLbRouter(DigitalOceanApi api, String loadBalancerId) {
    this.api = Objects.requireNonNull(api, "api");
    if (loadBalancerId == null || loadBalancerId.isBlank()) {
      throw new IllegalArgumentException("loadBalancerId is required");
    }
    this.loadBalancerId = loadBalancerId;
  }

  /** The router for {@code config}, or the problems of its settings. */
  static Built from(RouterConfig config, String prefix, DigitalOceanApi api) {
    RouterSettings settings = new RouterSettings(config, prefix);
    settings.rejectUnknown(SETTINGS);
    String id = settings.required("loadBalancerId");
    List<ConfigProblem> problems = settings.problems();
    return problems.isEmpty() && api != null
        ? Built.router(new DigitalOceanGlobalLbRouter(api, id))
        : Built.problems(problems);
  }

  @Override
  public String name() {
    return TYPE + ":" + loadBalancerId;
  }

  @Override
  public List<PlannedRequest> plan(RegionConfig to) {
    GlobalLbDocument lb = read();
    List<PlannedRequest> plan = new ArrayList<>();
    String url = api.url(DigitalOceanApi.loadBalancerPath(loadBalancerId)).toString();
    plan.add(new PlannedRequest(name(), "GET", url, ""));
    RegionPriorities priorities = lb.priorities();
    requireRegion(priorities, to);
    if (!priorities.prefers(to.name())) {
      String body = lb.putBody(priorities.preferring(to.name())).toString();
      plan.add(new PlannedRequest(name(), "PUT", url, body));
    }
    return plan;
  }

  @Override
  public String shift(RegionConfig to) {
    GlobalLbDocument lb = read();
    RegionPriorities before = lb.priorities();
    requireRegion(before, to);
    if (before.prefers(to.name())) {
      return "Global load balancer "
          + loadBalancerId
          + " already prefers "
          + to.name()
          + " "
          + before;
    }
    RegionPriorities wanted = before.preferring(to.name());
    GlobalLbDocument after =
        new GlobalLbDocument(
            loadBalancerId, api.updateLoadBalancer(loadBalancerId, lb.putBody(wanted)));
    if (!after.priorities().prefers(to.name())) {
      throw new ProviderException(
          DigitalOceanApi.PROVIDER,
          "update load balancer "
              + loadBalancerId
              + " answered with region_priorities "
              + after.priorities()
              + " instead of "
              + wanted,
          true);
    }
    return "Global load balancer "
        + loadBalancerId
        + " now prefers "
        + to.name()
        + " "
        + after.priorities()
        + ", was "
        + before;
  }

  @Override
  public String verify(RegionConfig to) {
    RegionPriorities seen = read().priorities();
    if (!seen.prefers(to.name())) {
      throw new ProviderException(
          DigitalOceanApi.PROVIDER,
          "Global load balancer "
              + loadBalancerId
              + " does not prefer "
              + to.name()
              + ": region_priorities "
              + seen,
          true);
    }
    return "Global load balancer " + loadBalancerId + " prefers " + to.name() + " " + seen;
  }

  @Override
  public List<Problem> readiness(List<RegionConfig> regions) {
    GlobalLbDocument lb;
    RegionPriorities priorities;
    try {
      lb = read();
      priorities = lb.priorities();
    } catch (ProviderException e) {
      return List.of(new Problem(name(), TrafficReadiness.ALL_REGIONS, e.getMessage()));
    }
    List<Problem> problems = new ArrayList<>();
    if (!"GLOBAL".equals(lb.type())) {
      problems.add(
          new Problem(
              name(),
              TrafficReadiness.ALL_REGIONS,
              "load balancer " + loadBalancerId + " is type " + lb.type() + ", not GLOBAL"));
    }
    List<String> targets = lb.targetLoadBalancerIds();
    for (RegionConfig region : regions) {
      if (!priorities.byRegion().containsKey(region.name())) {
        problems.add(
            new Problem(
                name(),
                region.name(),
                "glb_settings.region_priorities has no entry for "
                    + region.name()
                    + " "
                    + priorities
                    + ": traffic cannot be moved there"));
      }
      if (region.loadBalancerId() != null && !targets.contains(region.loadBalancerId())) {
        problems.add(
            new Problem(
                name(),
                region.name(),
                "the region's load balancer "
                    + region.loadBalancerId()
                    + " is not among target_load_balancer_ids "
                    + targets));
      }
    }
    return problems;
  }

  private GlobalLbDocument read() {
    return new GlobalLbDocument(loadBalancerId, api.loadBalancer(loadBalancerId));
  }

  private void requireRegion(RegionPriorities priorities, RegionConfig to) {
    if (!priorities.byRegion().containsKey(to.name())) {
      throw new ProviderException(
          DigitalOceanApi.PROVIDER,
          "Global load balancer "
              + loadBalancerId
              + " has no region priority for "
              + to.name()
              + " "
              + priorities
              + ": add the region's load balancer as a target first",
          false);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
