package dev.baton.drill.run;

import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioRegion;
import dev.baton.drill.scenario.TimelineEntry;
import dev.baton.drill.timeline.DrillEvent;
import dev.baton.drill.timeline.DrillResult;
import dev.baton.drill.timeline.DrillTimeline;
import dev.baton.drill.timeline.ExpectationJudge;
import dev.baton.drill.timeline.Measurements;
import dev.baton.drill.timeline.RoleMeasurements;
import dev.baton.drill.timeline.TableChanges;
import dev.baton.drill.timeline.WorldSampler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scenario on a {@link DrillStack}: waits until every droplet beats, starts the monitor
 * (the drill's zero), plays the timeline, watches the table a few times a second and samples every
 * agent's role and router's target every 50 ms, then judges the expectations and measures detection
 * and failover, dual-active, no-active and traffic-mismatch times.
 */
public final class DrillRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DrillRunner.class);
  private static final Duration FLEET_READY_TIMEOUT = Duration.ofSeconds(60);

  private final StackFactory stacks;
  private final Clock wall;

  /**
   * @param stacks starts the stack for a scenario; events the stack sees itself (promotion
   *     requests, alarms) go to the timeline
   * @param wall the wall clock (item times in the table are wall-clock instants)
   */
  public DrillRunner(StackFactory stacks, Clock wall) {
    this.stacks = stacks;
    this.wall = wall;
  }

  /**
   * Runs {@code scenario}, telling {@code timeline}'s listeners (the live printer) as it goes.
   *
   * @param workDir where the stack keeps its files (topology document, agents' state)
   * @throws IllegalStateException when the stack cannot start
   */
  public DrillResult run(Scenario scenario, Path workDir, DrillTimeline timeline) {
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    try (DrillStack stack = stacks.start(scenario, workDir)) {
      stack.fleet().startAgents(scenario.timings().heartbeatInterval());
      awaitFleet(stack, scenario);
      Instant start = wall.instant();
      timeline.markStart();
      // Sampling starts with the drill: the first samples show every agent before the monitor acts.
      try (WorldSampler sampler = new WorldSampler(stack::sampleWorld, timeline, errors)) {
        sampler.start(WorldSampler.PERIOD);
        stack.startMonitor();
        TableChanges changes = new TableChanges(start, scenario.timings().staleAfter());
        ScheduledExecutorService watcher =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "drill-watcher");
                  t.setDaemon(true);
                  return t;
                });
        Runnable watch = () -> watchOnce(stack, changes, timeline, errors);
        long period = watchPeriod(scenario).toMillis();
        watcher.scheduleWithFixedDelay(watch, 0, period, TimeUnit.MILLISECONDS);
        ScenarioPlayer player = new ScenarioPlayer(stack, timeline);
        try {
          for (TimelineEntry entry : scenario.timeline()) {
            sleepUntil(timeline, entry.at());
            try {
              player.apply(entry.action());
            } catch (RuntimeException e) {
              LOG.error("action '{}' failed", entry.action().text(), e);
              errors.add(
                  "at "
                      + entry.at().toMillis()
                      + " ms, '"
                      + entry.action().text()
                      + "' failed: "
                      + e.getMessage());
            }
          }
          sleepUntil(timeline, scenario.duration());
        } finally {
          watcher.shutdown();
          sampler.close();
          awaitQuietly(watcher);
        }
        watchOnce(stack, changes, timeline, errors);
        sampler.sampleOnce();
        errors.addAll(stack.problems());
        Duration ran = timeline.elapsed();
        List<DrillEvent> events = timeline.events();
        ExpectationJudge judge = new ExpectationJudge(events, instances(scenario));
        return new DrillResult(
            scenario,
            start,
            ran,
            events,
            judge.judgeAll(scenario.expectations()),
            Measurements.of(events),
            RoleMeasurements.of(events, ran),
            List.copyOf(errors));
      }
    }
  }

  /**
   * How often the table is read: a quarter of a heartbeat interval, between 200 and 500 ms. Events
   * carry the items' own times, so this bounds only how late they are printed; reading more often
   * would only load moto, which the agents and the functions share.
   */
  static Duration watchPeriod(Scenario scenario) {
    Duration quarter = scenario.timings().heartbeatInterval().dividedBy(4);
    if (quarter.compareTo(Duration.ofMillis(200)) < 0) {
      return Duration.ofMillis(200);
    }
    return quarter.compareTo(Duration.ofMillis(500)) > 0 ? Duration.ofMillis(500) : quarter;
  }

  private static void watchOnce(
      DrillStack stack, TableChanges changes, DrillTimeline timeline, List<String> errors) {
    try {
      changes.next(stack.table().read(20)).forEach(timeline::record);
      stack.fleet().fenceChanges(timeline.elapsed()).forEach(timeline::record);
    } catch (RuntimeException e) {
      // One failed read is retried on the next tick; the drill reports it, so gaps are explained.
      LOG.warn("watching the table failed: {}", e.toString());
      if (errors.stream().noneMatch(x -> x.startsWith("watching the table"))) {
        errors.add("watching the table failed at least once: " + e.getMessage());
      }
    }
  }

  private void awaitFleet(DrillStack stack, Scenario scenario) {
    int expected = scenario.regions().stream().mapToInt(ScenarioRegion::instances).sum();
    long deadline = System.nanoTime() + FLEET_READY_TIMEOUT.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      seen = stack.table().read(0).heartbeats().size();
      if (seen >= expected) {
        return;
      }
      pause(Duration.ofMillis(100));
    }
    throw new IllegalStateException(
        "only "
            + seen
            + " of "
            + expected
            + " simulated droplets wrote a heartbeat within "
            + FLEET_READY_TIMEOUT.toSeconds()
            + " s");
  }

  private static Map<String, Integer> instances(Scenario scenario) {
    Map<String, Integer> byRegion = new HashMap<>();
    scenario.regions().forEach(r -> byRegion.put(r.name(), r.instances()));
    return byRegion;
  }

  private static void sleepUntil(DrillTimeline timeline, Duration at) {
    Duration wait = at.minus(timeline.elapsed());
    if (!wait.isNegative() && !wait.isZero()) {
      pause(wait);
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the drill was interrupted", e);
    }
  }

  private static void awaitQuietly(ScheduledExecutorService executor) {
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("the table watcher did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
