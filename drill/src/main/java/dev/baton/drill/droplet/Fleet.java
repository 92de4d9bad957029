package dev.baton.drill.droplet;

import dev.baton.drill.scenario.DrillAction;
import dev.baton.drill.scenario.ScenarioRegion;
import dev.baton.drill.scenario.Target;
import dev.baton.drill.timeline.DrillEvent;
import dev.baton.port.OutsideProber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every simulated droplet of a drill, and the faults a scenario applies to them. */
public final class Fleet implements AutoCloseable {
  private final List<SimulatedDroplet> droplets = new ArrayList<>();
  private final Map<String, Boolean> fencedShown = new HashMap<>();

  /**
   * Starts every droplet's app (not its agent); the agents probe no other region from outside.
   *
   * @param paths for each region, how its droplets reach their replica (the AWS region of {@link
   *     ScenarioRegion#awsRegion()})
   */
  public Fleet(
      List<ScenarioRegion> regions,
      DropletSettings settings,
      Function<ScenarioRegion, ReplicaPath> paths) {
    this(regions, settings, r -> List.of(paths.apply(r)), region -> null);
  }

  /**
   * Starts every droplet's app (not its agent).
   *
   * @param paths for each region, how its droplets reach the control table: one path to the
   *     authority, or on a strongly consistent table one to each replica, nearest first
   * @param probers for each region (its name), the prober its agents probe the other regions'
   *     public endpoints with from outside (one per droplet), or null for none
   */
  public Fleet(
      List<ScenarioRegion> regions,
      DropletSettings settings,
      Function<ScenarioRegion, List<ReplicaPath>> paths,
      Function<String, OutsideProber> probers) {
    try {
      for (ScenarioRegion r : regions) {
        List<ReplicaPath> path = paths.apply(r);
        for (int n = 1; n <= r.instances(); n++) {
          droplets.add(
              new SimulatedDroplet(
                  r.name(),
                  Target.instanceId(r.name(), n),
                  settings,
                  path,
                  probers.apply(r.name())));
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The health URLs of {@code region}'s apps (stopped ones included: they refuse). */
  public List<java.net.URI> appUrls(String region) {
    return droplets.stream()
        .filter(d -> d.region().equals(region))
        .map(d -> d.app().healthUrl())
        .toList();
  }

  public List<SimulatedDroplet> droplets() {
    return List.copyOf(droplets);
  }

  /**
   * Starts every agent, spread evenly over one heartbeat interval: real droplets boot at different
   * times, so their beats interleave and the stream function hears from the fleet several times per
   * interval. Agents started together would stay in lockstep (each waits the interval minus its
   * beat's duration), and the monitor would evaluate only once per interval.
   */
  public void startAgents(Duration heartbeatInterval) {
    Duration gap = heartbeatInterval.dividedBy(Math.max(1, droplets.size()));
    for (int i = 0; i < droplets.size(); i++) {
      if (i > 0) {
        try {
          Thread.sleep(gap.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while starting the agents", e);
        }
      }
      droplets.get(i).startAgent();
    }
  }

  /**
   * Applies a droplet fault or repair to every droplet of its target.
   *
   * @return what was done, e.g. {@code 2 apps stopped}
   * @throws IllegalArgumentException for an action that is not about droplets
   */
  public String apply(DrillAction action) {
    if (action instanceof DrillAction.StopApp a) {
      return each(a.target(), d -> d.app().stop(), "app stopped", "apps stopped");
    }
    if (action instanceof DrillAction.StartApp a) {
      return each(a.target(), d -> d.app().start(), "app started", "apps started");
    }
    if (action instanceof DrillAction.SlowApp a) {
      return each(a.target(), d -> d.app().slow(a.delay()), "app slowed", "apps slowed");
    }
    if (action instanceof DrillAction.KillAgent a) {
      return each(a.target(), SimulatedDroplet::killAgent, "agent killed", "agents killed");
    }
    if (action instanceof DrillAction.StartAgent a) {
      return each(a.target(), SimulatedDroplet::startAgent, "agent started", "agents started");
    }
    if (action instanceof DrillAction.CutAgentFromStore a) {
      return each(a.target(), d -> d.cutFromStore(true), "agent cut off", "agents cut off");
    }
    if (action instanceof DrillAction.RestoreAgentStore a) {
      return each(
          a.target(), d -> d.cutFromStore(false), "agent reconnected", "agents reconnected");
    }
    if (action instanceof DrillAction.SkewClock a) {
      Duration offset = a.offset();
      return each(a.target(), d -> d.skewClock(offset), "clock skewed", "clocks skewed");
    }
    throw new IllegalArgumentException("not a droplet action: " + action.text());
  }

  /** Fence changes since the last call, as timeline events at {@code at}. */
  public List<DrillEvent> fenceChanges(Duration at) {
    List<DrillEvent> events = new ArrayList<>();
    for (SimulatedDroplet d : droplets) {
      boolean fenced = d.fenced();
      Boolean shown = fencedShown.put(d.instanceId(), fenced);
      if ((shown == null && fenced) || (shown != null && shown != fenced)) {
        String why = d.role().map(r -> r.reason()).orElse("");
        events.add(new DrillEvent.AgentFence(at, d.region(), d.instanceId(), fenced, why));
      }
    }
    return events;
  }

  private String each(
      Target target,
      java.util.function.Consumer<SimulatedDroplet> change,
      String one,
      String many) {
    int n = 0;
    for (SimulatedDroplet d : droplets) {
      int index = Integer.parseInt(d.instanceId().substring(d.instanceId().lastIndexOf('-') + 1));
      if (target.covers(d.region(), index)) {
        change.accept(d);
        n++;
      }
    }
    return n + " " + (n == 1 ? one : many);
  }

  @Override
  public void close() {
    for (SimulatedDroplet d : droplets) {
      d.close();
    }
  }
}
