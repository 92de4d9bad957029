package dev.baton.drill.timeline;

import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionHealth;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A hand-written timeline of the default scenario, as a real drill would record it. */
public final class SyntheticDrill {
  private SyntheticDrill() {}

  public static Scenario scenario() {
    return new ScenarioParser().parse(Path.of("..", "scenarios", "region-outage.yaml"), null);
  }

  static Duration s(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  public static List<DrillEvent> regionOutage() {
    List<DrillEvent> e = new ArrayList<>();
    e.add(new DrillEvent.BatonChanged(s(0), "nyc1", 1, BatonMode.AUTO, "initial placement"));
    for (String i : List.of("nyc1-1", "nyc1-2", "ams3-1", "ams3-2")) {
      e.add(
          new DrillEvent.HeartbeatChanged(
              s(0.6), i.substring(0, 4), i, DrillEvent.HeartbeatChanged.NONE, "HEALTHY", ""));
    }
    e.add(
        new DrillEvent.RegionHealthChanged(
            s(20.5), "nyc1", null, RegionHealth.HEALTHY, "first evaluation"));
    e.add(
        new DrillEvent.RegionHealthChanged(
            s(20.5), "ams3", null, RegionHealth.HEALTHY, "first evaluation"));
    e.add(new DrillEvent.ActionTaken(s(30), "stop-app nyc1", true, "2 apps stopped"));
    e.add(
        new DrillEvent.HeartbeatChanged(
            s(31.2), "nyc1", "nyc1-1", "HEALTHY", "UNHEALTHY", "app: connection refused <&>"));
    e.add(
        new DrillEvent.RegionHealthChanged(
            s(31.3),
            "nyc1",
            RegionHealth.HEALTHY,
            RegionHealth.SUSPECT,
            "1 of 2 instances up, below a strict majority"));
    e.add(
        new DrillEvent.HeartbeatChanged(
            s(33.9), "nyc1", "nyc1-2", "HEALTHY", "UNHEALTHY", "app: connection refused"));
    e.add(
        new DrillEvent.RegionHealthChanged(
            s(46.3), "nyc1", RegionHealth.SUSPECT, RegionHealth.UNHEALTHY, "down for 15s"));
    e.add(
        new DrillEvent.PromotionRequested(
            s(46.4), "failover", "nyc1", "ams3", "baton:health-transition", "nyc1 UNHEALTHY"));
    steps(e, "p-0001", 46.45, new double[] {0.02, 0.05, 0.58, 0.2, 0.05});
    e.add(new DrillEvent.BatonChanged(s(46.52), "ams3", 2, BatonMode.AUTO, "failover from nyc1"));
    e.add(
        new DrillEvent.PromotionEnded(
            s(47.35), "p-0001", "AUTO_FAILOVER", "nyc1", "ams3", 2, "SUCCEEDED", ""));
    e.add(new DrillEvent.ActionTaken(s(65), "start-app nyc1", false, "2 apps started"));
    e.add(new DrillEvent.HeartbeatChanged(s(66), "nyc1", "nyc1-1", "UNHEALTHY", "HEALTHY", ""));
    e.add(new DrillEvent.HeartbeatChanged(s(67.5), "nyc1", "nyc1-2", "UNHEALTHY", "HEALTHY", ""));
    e.add(
        new DrillEvent.RegionHealthChanged(
            s(66.2), "nyc1", RegionHealth.UNHEALTHY, RegionHealth.RECOVERING, "sample up"));
    e.add(
        new DrillEvent.RegionHealthChanged(
            s(126.3), "nyc1", RegionHealth.RECOVERING, RegionHealth.HEALTHY, "up for 60s"));
    e.add(new DrillEvent.ActionTaken(s(160), "failback nyc1", false, "succeeded"));
    e.add(
        new DrillEvent.PromotionRequested(
            s(160), "failback", null, "nyc1", "drill", "nyc1 recovered"));
    steps(e, "p-0002", 160.05, new double[] {0.02, 0.04, 0.61, 0.22, 0.05});
    e.add(new DrillEvent.BatonChanged(s(160.11), "nyc1", 3, BatonMode.AUTO, "failback"));
    e.add(
        new DrillEvent.PromotionEnded(
            s(161.0), "p-0002", "FAILBACK", "ams3", "nyc1", 3, "SUCCEEDED", ""));
    e.sort(java.util.Comparator.comparing(DrillEvent::at));
    return e;
  }

  /**
   * The agents' roles and the routers' targets of the region-outage drill, as the sampler records
   * them. With {@code overlap}, ams3's agents turn active 300 ms before nyc1's step down at the
   * failover (46.9 s to 47.3 s dual active, 400 ms); without, nyc1's step down first.
   */
  public static List<DrillEvent> rolesAndTraffic(boolean overlap) {
    List<DrillEvent> e = new ArrayList<>();
    for (String i : List.of("nyc1-1", "nyc1-2")) {
      e.add(new DrillEvent.AgentRoleChanged(s(0.05), "nyc1", i, null, "active"));
    }
    for (String i : List.of("ams3-1", "ams3-2")) {
      e.add(new DrillEvent.AgentRoleChanged(s(0.05), "ams3", i, null, "standby"));
    }
    e.add(new DrillEvent.RouterTargetChanged(s(0.05), "do-global-lb", null, "nyc1"));
    e.add(new DrillEvent.RouterTargetChanged(s(0.05), "cloudflare-dns", null, "nyc1"));
    // The failover: the baton moves at 46.52 s, the traffic shift ends at 47.10 s.
    e.add(new DrillEvent.AgentRoleChanged(s(46.9), "ams3", "ams3-1", "standby", "active"));
    e.add(new DrillEvent.AgentRoleChanged(s(47.0), "ams3", "ams3-2", "standby", "active"));
    double down = overlap ? 47.2 : 46.6;
    e.add(new DrillEvent.AgentRoleChanged(s(down), "nyc1", "nyc1-1", "active", "standby"));
    e.add(new DrillEvent.AgentRoleChanged(s(down + 0.1), "nyc1", "nyc1-2", "active", "standby"));
    e.add(new DrillEvent.RouterTargetChanged(s(46.8), "do-global-lb", "nyc1", "ams3"));
    e.add(new DrillEvent.RouterTargetChanged(s(47.1), "cloudflare-dns", "nyc1", "ams3"));
    // The failback: the baton moves at 160.11 s; ams3 steps down before nyc1 takes over.
    e.add(new DrillEvent.AgentRoleChanged(s(160.4), "ams3", "ams3-1", "active", "standby"));
    e.add(new DrillEvent.AgentRoleChanged(s(160.45), "ams3", "ams3-2", "active", "standby"));
    e.add(new DrillEvent.AgentRoleChanged(s(160.5), "nyc1", "nyc1-1", "standby", "active"));
    e.add(new DrillEvent.AgentRoleChanged(s(160.55), "nyc1", "nyc1-2", "standby", "active"));
    e.add(new DrillEvent.RouterTargetChanged(s(160.7), "do-global-lb", "ams3", "nyc1"));
    e.add(new DrillEvent.RouterTargetChanged(s(160.8), "cloudflare-dns", "ams3", "nyc1"));
    return e;
  }

  /**
   * The outside view of the region-outage drill, as the table watcher records it from the stored
   * region states: ams3's agents and the us-east-2 monitor see nyc1 down from 31 s to 66 s; nyc1's
   * agents see ams3 down from 40 s to 50 s while the others see it up, so they are suspect then.
   */
  public static List<DrillEvent> outsideViews() {
    List<DrillEvent> e = new ArrayList<>();
    String ok = "0 of 2 probers fail";
    e.add(new DrillEvent.PerspectiveChanged(s(20.5), "nyc1", "ams3", null, "up", false, ok));
    e.add(
        new DrillEvent.PerspectiveChanged(
            s(20.5), "nyc1", "aws:us-east-2", null, "up", false, "0 of 1 prober fails"));
    e.add(new DrillEvent.PerspectiveChanged(s(20.5), "ams3", "nyc1", null, "up", false, ok));
    e.add(
        new DrillEvent.PerspectiveChanged(
            s(31.0), "nyc1", "ams3", "up", "down", false, "2 of 2 probers fail: HTTP 503"));
    e.add(
        new DrillEvent.PerspectiveChanged(
            s(31.4),
            "nyc1",
            "aws:us-east-2",
            "up",
            "down",
            false,
            "1 of 1 prober fails: HTTP 503"));
    e.add(
        new DrillEvent.PerspectiveChanged(
            s(40), "ams3", "nyc1", "up", "down", true, "2 of 2 probers fail: timeout"));
    e.add(new DrillEvent.PerspectiveChanged(s(50), "ams3", "nyc1", "down", "up", false, ok));
    e.add(new DrillEvent.PerspectiveChanged(s(66.0), "nyc1", "ams3", "down", "up", false, ok));
    e.add(
        new DrillEvent.PerspectiveChanged(
            s(66.5), "nyc1", "aws:us-east-2", "down", "unknown", false, "no fresh probe"));
    return e;
  }

  /** {@link #withRoles(boolean)} (a clean hand-over) with {@link #outsideViews()}, by time. */
  public static List<DrillEvent> withOutsideViews() {
    List<DrillEvent> events = new ArrayList<>(withRoles(false));
    events.addAll(outsideViews());
    events.sort(java.util.Comparator.comparing(DrillEvent::at));
    return events;
  }

  private static void steps(List<DrillEvent> e, String id, double start, double[] took) {
    String[] names = {"validate", "claim", "shift-traffic", "verify", "notify"};
    double t = start;
    for (int i = 0; i < names.length; i++) {
      e.add(new DrillEvent.PromotionStep(s(t + took[i]), id, names[i], s(t), "SUCCEEDED", 1, ""));
      t += took[i];
    }
  }

  /** The region-outage drill's result, its agents handing over cleanly. */
  public static DrillResult result() {
    return result(withRoles(false));
  }

  /** The region-outage drill's result, both regions' agents active for 400 ms at the failover. */
  public static DrillResult resultWithDualActive() {
    return result(withRoles(true));
  }

  /** {@link #regionOutage()} with {@link #rolesAndTraffic(boolean)}, by time. */
  public static List<DrillEvent> withRoles(boolean overlap) {
    List<DrillEvent> events = new ArrayList<>(regionOutage());
    events.addAll(rolesAndTraffic(overlap));
    events.sort(java.util.Comparator.comparing(DrillEvent::at));
    return events;
  }

  /** The result of a 180 s run of the default scenario that recorded {@code events}. */
  public static DrillResult result(List<DrillEvent> events) {
    Scenario scenario = scenario();
    ExpectationJudge judge = new ExpectationJudge(events, java.util.Map.of("nyc1", 2, "ams3", 2));
    return new DrillResult(
        scenario,
        Instant.parse("2026-11-26T12:00:00Z"),
        s(180),
        events,
        judge.judgeAll(scenario.expectations()),
        Measurements.of(events),
        RoleMeasurements.of(events, s(180)),
        List.of());
  }
}
