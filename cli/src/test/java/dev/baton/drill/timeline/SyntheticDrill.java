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

  private static void steps(List<DrillEvent> e, String id, double start, double[] took) {
    String[] names = {"validate", "claim", "shift-traffic", "verify", "notify"};
    double t = start;
    for (int i = 0; i < names.length; i++) {
      e.add(new DrillEvent.PromotionStep(s(t + took[i]), id, names[i], s(t), "SUCCEEDED", 1, ""));
      t += took[i];
    }
  }

  public static DrillResult result() {
    Scenario scenario = scenario();
    List<DrillEvent> events = regionOutage();
    ExpectationJudge judge = new ExpectationJudge(events, java.util.Map.of("nyc1", 2, "ams3", 2));
    return new DrillResult(
        scenario,
        Instant.parse("2026-11-26T12:00:00Z"),
        s(180),
        events,
        judge.judgeAll(scenario.expectations()),
        Measurements.of(events),
        List.of());
  }
}
