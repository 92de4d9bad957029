package dev.baton.drill.invariants;

import dev.baton.drill.scenario.DrillAction;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioRegion;
import dev.baton.drill.scenario.Target;
import dev.baton.drill.scenario.TimelineEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario's timeline does to the world, as intervals: when each region is down (fewer
 * instances up than the policy's quorum, an instance being up while neither its app is stopped or
 * slowed nor its agent killed: the rule Baton's evaluator applies), and when anything else is
 * broken (a fault of Baton's own ground, a cut agent, a skewed clock, a freeze). The liveness and
 * blip invariants judge only windows the schedule says are clean.
 */
public final class FaultSchedule {

  /**
   * A half-open interval {@code [from, to)} of a run; {@code to} is the run's end if never ended.
   */
  public record Interval(Duration from, Duration to) {
    public Duration length() {
      return to.minus(from);
    }

    public boolean overlaps(Duration a, Duration b) {
      return from.compareTo(b) < 0 && a.compareTo(to) < 0;
    }
  }

  private final Map<String, List<Interval>> down = new HashMap<>();
  private final Map<String, List<Interval>> unreachable = new HashMap<>();
  private final List<Interval> disturbed = new ArrayList<>();
  private final List<Duration> manual = new ArrayList<>();

  private FaultSchedule() {}

  /** The schedule of {@code scenario}'s timeline. */
  public static FaultSchedule of(Scenario scenario) {
    FaultSchedule s = new FaultSchedule();
    Duration end = scenario.duration();
    Map<String, Set<Integer>> appDown = new HashMap<>();
    Map<String, Set<Integer>> agentDown = new HashMap<>();
    Map<String, Duration> downSince = new HashMap<>();
    Map<String, Duration> disturbedSince = new HashMap<>();
    Map<String, Duration> cutSince = new HashMap<>();
    for (ScenarioRegion r : scenario.regions()) {
      appDown.put(r.name(), new HashSet<>());
      agentDown.put(r.name(), new HashSet<>());
      s.down.put(r.name(), new ArrayList<>());
      s.unreachable.put(r.name(), new ArrayList<>());
    }
    for (TimelineEntry entry : scenario.timeline()) {
      DrillAction a = entry.action();
      Duration at = entry.at();
      if (a instanceof DrillAction.Manual) {
        s.manual.add(at);
      }
      if (a instanceof DrillAction.StopApp x) {
        mark(scenario, x.target(), appDown, true);
      } else if (a instanceof DrillAction.SlowApp x) {
        mark(scenario, x.target(), appDown, true);
      } else if (a instanceof DrillAction.StartApp x) {
        mark(scenario, x.target(), appDown, false);
      } else if (a instanceof DrillAction.KillAgent x) {
        mark(scenario, x.target(), agentDown, true);
      } else if (a instanceof DrillAction.StartAgent x) {
        mark(scenario, x.target(), agentDown, false);
      } else if (a instanceof DrillAction.CutIngress x) {
        // Users cannot reach the region: an outage judged from outside (docs/decisions/0023).
        cutSince.putIfAbsent(x.region(), at);
      } else if (a instanceof DrillAction.RestoreIngress x) {
        if (cutSince.containsKey(x.region())) {
          s.unreachable.get(x.region()).add(new Interval(cutSince.remove(x.region()), at));
        }
      } else if (a instanceof DrillAction.CutEgress || a instanceof DrillAction.RestoreEgress) {
        // Blinds one perspective only: the world is not disturbed, and no region is down. That
        // nothing fails over then is what no-false-failover checks.
        continue;
      } else {
        String key = disturbanceKey(a);
        if (key != null) {
          boolean starts =
              a instanceof DrillAction.SkewClock x
                  ? !x.offset().isZero()
                  : a.isFault() || a instanceof DrillAction.Freeze;
          if (starts) {
            disturbedSince.putIfAbsent(key, at);
          } else if (disturbedSince.containsKey(key)) {
            s.disturbed.add(new Interval(disturbedSince.remove(key), at));
          }
        }
      }
      for (ScenarioRegion r : scenario.regions()) {
        Set<Integer> out = new HashSet<>(appDown.get(r.name()));
        out.addAll(agentDown.get(r.name()));
        boolean isDown = !scenario.policy().quorumMet(r.instances() - out.size(), r.instances());
        if (isDown) {
          downSince.putIfAbsent(r.name(), at);
        } else if (downSince.containsKey(r.name())) {
          s.down.get(r.name()).add(new Interval(downSince.remove(r.name()), at));
        }
      }
    }
    downSince.forEach((region, from) -> s.down.get(region).add(new Interval(from, end)));
    cutSince.forEach((region, from) -> s.unreachable.get(region).add(new Interval(from, end)));
    disturbedSince.values().forEach(from -> s.disturbed.add(new Interval(from, end)));
    return s;
  }

  private static void mark(
      Scenario scenario, Target target, Map<String, Set<Integer>> state, boolean on) {
    ScenarioRegion region = scenario.region(target.region());
    for (int n = 1; n <= region.instances(); n++) {
      if (target.covers(region.name(), n)) {
        if (on) {
          state.get(region.name()).add(n);
        } else {
          state.get(region.name()).remove(n);
        }
      }
    }
  }

  /**
   * Which fault an action starts or ends, as one key per fault (a repair names the same key), or
   * null for an action that is neither (app and agent actions are tracked separately).
   */
  private static String disturbanceKey(DrillAction a) {
    if (a instanceof DrillAction.CutAgentFromStore x) {
      return "store:" + x.target();
    }
    if (a instanceof DrillAction.RestoreAgentStore x) {
      return "store:" + x.target();
    }
    if (a instanceof DrillAction.SkewClock x) {
      return "clock:" + x.target();
    }
    if (a instanceof DrillAction.Freeze || a instanceof DrillAction.Unfreeze) {
      return "freeze";
    }
    if (a instanceof DrillAction.LagReplication x) {
      return "lag:" + x.awsRegion();
    }
    if (a instanceof DrillAction.StallReplication x) {
      return "stall:" + x.awsRegion();
    }
    if (a instanceof DrillAction.HealReplication x) {
      return "stall:" + x.awsRegion();
    }
    if (a instanceof DrillAction.Partition x) {
      return "partition:" + x.doRegion() + ":" + x.awsRegion();
    }
    if (a instanceof DrillAction.Heal x) {
      return "partition:" + x.doRegion() + ":" + x.awsRegion();
    }
    if (a instanceof DrillAction.IsolateAwsRegion x) {
      return "isolate:" + x.awsRegion();
    }
    if (a instanceof DrillAction.RestoreAwsRegion x) {
      return "isolate:" + x.awsRegion();
    }
    if (a instanceof DrillAction.ThrottleStore x) {
      return "throttle:" + x.awsRegion();
    }
    if (a instanceof DrillAction.CutIngress x) {
      return "ingress:" + x.region();
    }
    if (a instanceof DrillAction.RestoreIngress x) {
      return "ingress:" + x.region();
    }
    if (a instanceof DrillAction.CutEgress x) {
      return "egress:" + x.region();
    }
    if (a instanceof DrillAction.RestoreEgress x) {
      return "egress:" + x.region();
    }
    return null;
  }

  /** When {@code region} was down (below the policy's quorum of instances up). */
  public List<Interval> down(String region) {
    return List.copyOf(down.getOrDefault(region, List.of()));
  }

  /**
   * When users could not reach {@code region} (its ingress cut), whether or not its instances were
   * up: outages the outside view must see (docs/decisions/0023).
   */
  public List<Interval> unreachable(String region) {
    return List.copyOf(unreachable.getOrDefault(region, List.of()));
  }

  /** Whether {@code region} was down or unreachable at some instant of {@code [a, b)}. */
  public boolean downDuring(String region, Duration a, Duration b) {
    return down(region).stream().anyMatch(i -> i.overlaps(a, b))
        || unreachable(region).stream().anyMatch(i -> i.overlaps(a, b));
  }

  /** Whether a fault other than a region's own outage was in effect at some instant of [a, b). */
  public boolean disturbedDuring(Duration a, Duration b) {
    return disturbed.stream().anyMatch(i -> i.overlaps(a, b));
  }

  /** Whether an operator's command was sent in [a, b]. */
  public boolean manualDuring(Duration a, Duration b) {
    return manual.stream().anyMatch(t -> t.compareTo(a) >= 0 && t.compareTo(b) <= 0);
  }
}
