package dev.baton.sim.run;

import dev.baton.agent.role.Role;
import dev.baton.agent.role.RoleSnapshot;
import dev.baton.detection.StuckPromotionCheck;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import dev.baton.drill.invariants.InvariantChecker;
import dev.baton.drill.invariants.Violation;
import dev.baton.drill.scenario.DrillAction;
import dev.baton.drill.scenario.OperatorRequests;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioRegion;
import dev.baton.drill.scenario.Target;
import dev.baton.drill.scenario.TimelineEntry;
import dev.baton.drill.timeline.DrillEvent;
import dev.baton.drill.timeline.DrillResult;
import dev.baton.drill.timeline.ExpectationJudge;
import dev.baton.drill.timeline.Measurements;
import dev.baton.drill.timeline.RoleMeasurements;
import dev.baton.drill.timeline.TableChanges;
import dev.baton.drill.timeline.WorldChanges;
import dev.baton.drill.timeline.WorldSample;
import dev.baton.observability.MetricNames;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.promotion.PromotionResult;
import dev.baton.promotion.PromotionStatus;
import dev.baton.sim.Simulation;
import dev.baton.sim.SimulationSpec;
import dev.baton.sim.aws.AsyncPromotionInvoker;
import dev.baton.sim.aws.MonitorRace;
import dev.baton.sim.aws.PromotionFunction;
import dev.baton.sim.aws.SimulatedRouter;
import dev.baton.sim.aws.StreamEventSourceMapping;
import dev.baton.sim.droplet.SimulatedDroplet;
import dev.baton.sim.store.StreamEntry;
import dev.baton.store.HeartbeatItems;
import dev.baton.store.TableKeys;
import dev.baton.store.TableSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plays a scenario file in virtual time: the same actions and expectations as the drill, on the
 * {@link Simulation} of Baton's production code, and the same {@link DrillResult} (so the same
 * {@code result.json} and report). The same seed gives the same result, byte for byte. Every event
 * is fed to the {@link InvariantChecker} as it happens.
 */
public final class ScenarioSimulation {
  /** Where a simulated run starts: a fixed instant, so results do not depend on the day. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static final String OPERATOR = "drill";

  /** From an operator's command to the promotion function: a synchronous Lambda invoke. */
  static final Duration INVOKE_LATENCY = Duration.ofMillis(60);

  /**
   * How often, on average, the home replica's stream shards split when they do (the instants come
   * from the seed). On AWS a shard lives about four hours; here a split comes every few minutes, so
   * every run reads across a few.
   */
  static final Duration SHARD_SPLITS = Duration.ofMinutes(3);

  /**
   * Whether scenario runs and random game days split shards: on (seed 1436, which once broke
   * failover-liveness with splits, passes since the handover protocol, and 3,200 seeds with splits
   * broke nothing); {@code -Dbaton.sim.shardSplits=false} turns them off to tell a split's effect
   * from the rest.
   */
  static final Duration SHARD_SPLIT_EVERY =
      Boolean.parseBoolean(System.getProperty("baton.sim.shardSplits", "true"))
          ? SHARD_SPLITS
          : null;

  /** The sweeper's period: a stuck promotion is reported at the first sweep after stuckAfter. */
  private static final Duration SWEEP_PERIOD = Duration.ofMinutes(1);

  /**
   * A finished run.
   *
   * @param result what the drill would report
   * @param violations the invariants broken, in order
   * @param steps how many tasks the simulation ran
   */
  public record Run(DrillResult result, List<Violation> violations, long steps) {
    public boolean passed() {
      return result.passed();
    }
  }

  private final Scenario scenario;
  private final long seed;
  private final boolean stopAtFirstViolation;
  private final List<DrillEvent> events = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final PromotionRequestCodec codec = new PromotionRequestCodec();
  private InvariantChecker checker;
  private Simulation sim;
  private TableChanges table;
  private final WorldChanges world = new WorldChanges();
  private final Map<String, Boolean> fencedShown = new HashMap<>();
  private final List<Accepted> accepted = new ArrayList<>();
  private int homeStreamSeen = -1;
  private long lastRoleKey;
  private Map<String, String> lastTargets = Map.of();
  private final boolean withBeats;
  private int auditSeen = -1;
  private boolean stopped;
  private Set<String> tolerated = Set.of();

  private ScenarioSimulation(Scenario scenario, long seed, boolean stopAtFirstViolation) {
    this.scenario = scenario;
    this.seed = seed;
    this.stopAtFirstViolation = stopAtFirstViolation;
    this.withBeats = !stopAtFirstViolation;
  }

  /** Plays {@code scenario} to its end with {@code seed}. */
  public static Run run(Scenario scenario, long seed) {
    return new ScenarioSimulation(scenario, seed, false).play();
  }

  /**
   * Plays {@code scenario} until it ends or breaks an invariant not in {@code tolerated} (a random
   * search's run: known failures must not hide the others).
   */
  public static Run search(Scenario scenario, long seed, Set<String> tolerated) {
    ScenarioSimulation s = new ScenarioSimulation(scenario, seed, true);
    s.tolerated = Set.copyOf(tolerated);
    return s.play();
  }

  /** The topology the simulation runs: the scenario's regions, replicas and routers. */
  public static Topology topology(Scenario scenario) {
    List<RegionConfig> regions = new ArrayList<>();
    int octet = 10;
    for (ScenarioRegion r : scenario.regions()) {
      regions.add(
          new RegionConfig(
              r.name(),
              r.priority(),
              r.awsRegion(),
              "lb-" + r.name(),
              "203.0.113." + octet++,
              "https://" + r.name() + ".sim.example/health"));
    }
    List<RouterConfig> routers = new ArrayList<>();
    for (String type : scenario.routers()) {
      routers.add(new RouterConfig(type, Map.of()));
    }
    return new Topology(scenario.name(), regions, routers, scenario.timings(), scenario.policy());
  }

  private Run play() {
    SimulationSpec.Builder spec =
        Simulation.builder(topology(scenario))
            .home(scenario.aws().home())
            .replicas(scenario.aws().replicas().toArray(String[]::new))
            .seed(seed)
            .start(START)
            .fenceAfter(scenario.fenceAfter())
            .stream(StreamEventSourceMapping.Settings.TEMPLATE.withShardSplits(SHARD_SPLIT_EVERY))
            .agentJitter(scenario.timings().heartbeatInterval().dividedBy(20));
    if (scenario.aws().strong()) {
      spec.monitorRegions(scenario.aws().monitorRegions().toArray(String[]::new));
    } else if (scenario.aws().replicated()) {
      spec.replicationDelay(scenario.aws().minDelay(), scenario.aws().maxDelay());
    }
    scenario.regions().forEach(r -> spec.instances(r.name(), r.instances()));
    sim = spec.build();
    if (stopAtFirstViolation) {
      sim.withoutHistory();
    }
    checker = new InvariantChecker(scenario);
    table = new TableChanges(START, scenario.timings().staleAfter());
    for (TimelineEntry entry : scenario.timeline()) {
      sim.at(entry.at(), entry.action().text(), s -> apply(entry.action()));
    }
    sim.onStep(s -> observe());
    // Like the drill, the scenario's zero is when every droplet has beaten once: run the agents'
    // first beats (one interval) before the timeline, as the drill waits for the fleet.
    Duration end = scenario.duration();
    Duration tick = Duration.ofMillis(100);
    for (Duration t = Duration.ZERO; t.compareTo(end) < 0 && !stopped; t = t.plus(tick)) {
      sim.runUntil(t.plus(tick));
    }
    observe();
    events.sort(Comparator.comparing(DrillEvent::at));
    List<Violation> violations =
        new ArrayList<>(stopped ? checker.violations() : checker.finish(sim.elapsed()));
    if (!stopped) {
      violations.removeIf(this::killedAndAlarmed);
    }
    if (!stopped) {
      violations.addAll(bookkeeping());
    }
    for (MonitorRace.Breach b : sim.raceBreaches()) {
      violations.add(new Violation(b.invariant(), Duration.between(START, b.at()), b.detail()));
    }
    Map<String, Integer> instances = new HashMap<>();
    scenario.regions().forEach(r -> instances.put(r.name(), r.instances()));
    ExpectationJudge judge = new ExpectationJudge(events, instances);
    DrillResult result =
        new DrillResult(
            scenario,
            START,
            end,
            events,
            judge.judgeAll(scenario.expectations()),
            Measurements.of(events),
            RoleMeasurements.of(events, end),
            List.copyOf(errors));
    return new Run(result, violations, sim.steps());
  }

  /**
   * The invariants the events cannot show, from the simulation's own books: nothing is lost (every
   * detector's request was answered, every operator command the function accepted has its promotion
   * item) and every FAILED promotion told people (its failure notice was sent).
   */
  private List<Violation> bookkeeping() {
    List<Violation> found = new ArrayList<>();
    Duration end = sim.elapsed();
    for (AsyncPromotionInvoker.Invocation i : sim.promotionRequests()) {
      // Answered, or kept: Lambda sent it to the dead-letter queue, which alarms.
      boolean kept =
          i.outcomes().stream()
              .anyMatch(
                  o ->
                      !o.startsWith("error: ")
                          || o.startsWith(AsyncPromotionInvoker.DEAD_LETTERED));
      // Lambda still holds it: a retry is due (a saga killed at its timeout near the end of the
      // run, which the simulation ran past the end to its kill, has not been retried yet).
      long errors = i.outcomes().stream().filter(o -> o.startsWith("error: ")).count();
      boolean retryDue =
          !i.outcomes().isEmpty()
              && i.outcomes().get(i.outcomes().size() - 1).startsWith("error: ")
              && errors <= sim.spec().asyncRetries();
      boolean retrying = retryDue || i.requestedAt().plus(Duration.ofMinutes(4)).compareTo(end) > 0;
      if (!kept && !retrying) {
        found.add(
            new Violation(
                "nothing-lost",
                i.requestedAt(),
                "a detector's promotion request was neither answered nor dead-lettered: "
                    + i.outcomes()));
      }
    }
    for (Accepted a : accepted) {
      boolean journaled =
          sim.promotions().stream()
              .anyMatch(p -> !p.createdAt().isBefore(START.plus(a.at())) && a.to().equals(p.to()));
      if (!journaled) {
        found.add(
            new Violation(
                "nothing-lost",
                a.at(),
                "'" + a.text() + "' was accepted (" + a.outcome() + ") but has no promotion item"));
      }
    }
    // FAILED must raise the alarm: the saga counts PromotionFailed, which the template alarms on
    // (the notice to people is a courtesy that may fail when SNS does).
    long failed =
        sim.promotions().stream().filter(p -> p.status() == PromotionStatus.FAILED).count();
    double alarmed = sim.metrics().get(MetricNames.PROMOTION_FAILED);
    if (failed > alarmed) {
      found.add(
          new Violation(
              "promotion-ends",
              end,
              failed
                  + " promotion(s) FAILED but PromotionFailed (the alarm) was counted "
                  + (long) alarmed
                  + " time(s)"));
    }
    return found;
  }

  /**
   * A promotion left RUNNING because Lambda's timeout ended its saga: the retry of the invoke does
   * not resume it (the epoch moved with its claim; decision 0007), so it ends "with an alarm" when
   * the sweeper reported it stuck (PromotionStuck, which the template alarms on), or when the run
   * ended before the sweeper could (stuckAfter plus a sweep after its last journal write). The
   * violation stays when neither holds.
   */
  private boolean killedAndAlarmed(Violation v) {
    if (!v.invariant().equals("promotion-ends")) {
      return false;
    }
    List<Instant> kills = sim.promotionTimeouts();
    for (PromotionRecord p : sim.promotions()) {
      if (p.status() != PromotionStatus.RUNNING || !v.detail().startsWith(p.id() + " ")) {
        continue;
      }
      boolean killed = kills.stream().anyMatch(k -> !k.isBefore(p.updatedAt()));
      if (!killed) {
        return false;
      }
      Instant due = p.updatedAt().plus(StuckPromotionCheck.DEFAULT_STUCK_AFTER).plus(SWEEP_PERIOD);
      boolean alarmed = sim.metrics().get(MetricNames.PROMOTION_STUCK) > 0;
      return alarmed || START.plus(sim.elapsed()).isBefore(due);
    }
    return false;
  }

  /** An operator's command the promotion function took on (promoted, or failed after claiming). */
  private record Accepted(Duration at, String text, String to, String outcome) {}

  // ---- observing -------------------------------------------------------------------------------

  private void observe() {
    Duration at = sim.elapsed();
    // The table first: a claim is written before the routers move, in the same step or earlier.
    List<DrillEvent> found = new ArrayList<>();
    if (tableChanged()) {
      found.addAll(table.next(snapshot()));
    }
    long roles = roleKey();
    if (roles != lastRoleKey || routersMoved()) {
      lastRoleKey = roles;
      Map<String, String> targets = sim.routerTargets();
      lastTargets = targets;
      found.addAll(world.next(sample(targets), at));
      for (SimulatedDroplet d : sim.droplets()) {
        boolean fenced =
            d.agentRunning() && d.role().map(r -> r.role() == Role.FENCED).orElse(false);
        Boolean shown = fencedShown.put(d.instanceId(), fenced);
        if ((shown == null && fenced) || (shown != null && shown != fenced)) {
          String why = d.role().map(RoleSnapshot::reason).orElse("");
          found.add(new DrillEvent.AgentFence(at, d.region(), d.instanceId(), fenced, why));
        }
      }
    }
    for (DrillEvent e : found) {
      record(e);
    }
  }

  /**
   * Whether the home replica or the audit log changed since the last look. A report needs every
   * beat; a search (no report) only the baton, region states, promotions and the audit log, so
   * heartbeat writes alone do not make it read the table.
   */
  private boolean tableChanged() {
    List<StreamEntry> stream = sim.table().stream(scenario.aws().home());
    int audit = sim.auditCount();
    boolean changed = audit != auditSeen;
    for (int i = Math.max(0, homeStreamSeen); i < stream.size() && !changed; i++) {
      changed = withBeats || !stream.get(i).key().pk().startsWith(TableKeys.HEARTBEAT_PREFIX);
    }
    changed = changed || homeStreamSeen < 0;
    homeStreamSeen = stream.size();
    auditSeen = audit;
    return changed;
  }

  /** Whether a router's target differs from the last sample (no map built: runs every step). */
  private boolean routersMoved() {
    List<SimulatedRouter> routers = sim.routers();
    if (routers.size() != lastTargets.size()) {
      return true;
    }
    for (SimulatedRouter r : routers) {
      if (!r.target().equals(lastTargets.get(r.name()))) {
        return true;
      }
    }
    return false;
  }

  /** Every droplet's running flag and role, as one number that changes when any of them does. */
  private long roleKey() {
    long key = 17;
    for (SimulatedDroplet d : sim.droplets()) {
      int r =
          d.agentRunning()
              ? d.role().map(x -> x.role() == null ? 1 : 2 + x.role().ordinal()).orElse(1)
              : 0;
      key = key * 31 + r;
    }
    return key;
  }

  private void record(DrillEvent e) {
    events.add(e);
    for (Violation v : checker.accept(e)) {
      if (stopAtFirstViolation && !tolerated.contains(v.invariant())) {
        stopped = true;
      }
    }
  }

  private WorldSample sample(Map<String, String> targets) {
    Map<String, WorldSample.AgentRole> agents = new LinkedHashMap<>();
    for (SimulatedDroplet d : sim.droplets()) {
      String role =
          WorldSample.roleWord(d.agentRunning(), d.role().map(RoleSnapshot::role).orElse(null));
      agents.put(d.instanceId(), new WorldSample.AgentRole(d.region(), role));
    }
    return new WorldSample(agents, targets);
  }

  private TableSnapshot snapshot() {
    List<Heartbeat> beats = new ArrayList<>();
    if (withBeats) {
      sim.table()
          .items(scenario.aws().home())
          .forEach(
              (key, item) -> {
                if (key.pk().startsWith(TableKeys.HEARTBEAT_PREFIX)) {
                  beats.add(HeartbeatItems.fromItem(item));
                }
              });
    }
    return new TableSnapshot(
        sim.now(),
        sim.baton(),
        sim.regionStates(),
        beats,
        sim.promotions(),
        sim.auditEntries(),
        List.of());
  }

  // ---- acting ----------------------------------------------------------------------------------

  private void apply(DrillAction action) {
    Duration at = sim.elapsed();
    String detail;
    try {
      if (action instanceof DrillAction.Manual manual) {
        record(
            new DrillEvent.ActionTaken(at, action.text(), false, "sent to the promotion function"));
        PromotionRequest request = OperatorRequests.of(manual, OPERATOR, this::latestFailed);
        String to = request instanceof PromotionRequest.Manual m ? m.to() : null;
        record(
            new DrillEvent.PromotionRequested(
                at, request.action(), null, to, OPERATOR, manual.reason()));
        // The request reaches the function an invoke later, as `baton` on an operator's machine.
        sim.at(at.plus(INVOKE_LATENCY), manual.text(), s -> command(manual, request));
        return;
      }
      detail = act(action);
    } catch (RuntimeException e) {
      errors.add("at " + at.toMillis() + " ms, '" + action.text() + "' failed: " + e.getMessage());
      return;
    }
    record(new DrillEvent.ActionTaken(at, action.text(), action.isFault(), detail));
  }

  private String act(DrillAction action) {
    if (action instanceof DrillAction.StopApp a) {
      return each(a.target(), d -> d.app().stop(), "apps stopped");
    }
    if (action instanceof DrillAction.StartApp a) {
      return each(a.target(), d -> d.app().start(), "apps started");
    }
    if (action instanceof DrillAction.SlowApp a) {
      return each(a.target(), d -> d.app().slow(a.delay()), "apps slowed");
    }
    if (action instanceof DrillAction.KillAgent a) {
      return each(a.target(), SimulatedDroplet::killAgent, "agents killed");
    }
    if (action instanceof DrillAction.StartAgent a) {
      return each(
          a.target(),
          d -> {
            if (!d.agentRunning()) {
              d.startAgent();
            }
          },
          "agents started");
    }
    if (action instanceof DrillAction.CutAgentFromStore a) {
      return each(a.target(), d -> sim.cutFromStore(d, true), "agents cut off");
    }
    if (action instanceof DrillAction.RestoreAgentStore a) {
      return each(a.target(), d -> sim.cutFromStore(d, false), "agents reconnected");
    }
    if (action instanceof DrillAction.SkewClock a) {
      return each(a.target(), d -> d.skewClock(a.offset()), "clocks skewed");
    }
    if (action instanceof DrillAction.ProviderFail a) {
      SimulatedRouter.Answer answer =
          switch (a.failure()) {
            case SERVER_ERROR -> SimulatedRouter.Answer.SERVER_ERROR;
            case RATE_LIMITED -> SimulatedRouter.Answer.RATE_LIMITED;
            case TIMEOUT -> SimulatedRouter.Answer.HANG;
          };
      routersOf(a.provider()).forEach(r -> r.answer(answer, a.times()));
      return a.provider() + " answers its next " + a.times() + " calls with " + a.failure().word();
    }
    if (action instanceof DrillAction.ProviderRestore a) {
      routersOf(a.provider()).forEach(r -> r.answer(SimulatedRouter.Answer.OK, 0));
      return a.provider() + " answers normally again";
    }
    if (action instanceof DrillAction.WorldAction w) {
      return world(w);
    }
    throw new IllegalArgumentException("the simulator cannot play " + action.text());
  }

  private String world(DrillAction.WorldAction action) {
    if (action instanceof DrillAction.LagReplication a) {
      sim.table().lag(a.awsRegion(), a.delay());
    } else if (action instanceof DrillAction.StallReplication a) {
      sim.table().stall(a.awsRegion());
    } else if (action instanceof DrillAction.HealReplication a) {
      sim.table().heal(a.awsRegion());
    } else if (action instanceof DrillAction.Partition a) {
      sim.partition(a.doRegion(), a.awsRegion());
    } else if (action instanceof DrillAction.Heal a) {
      sim.healPartition(a.doRegion(), a.awsRegion());
    } else if (action instanceof DrillAction.IsolateAwsRegion a) {
      sim.table().isolate(a.awsRegion());
    } else if (action instanceof DrillAction.RestoreAwsRegion a) {
      sim.table().restore(a.awsRegion());
    } else if (action instanceof DrillAction.ThrottleStore a) {
      sim.table().throttle(a.awsRegion(), a.fraction(), a.readsOnly());
    } else if (action instanceof DrillAction.CutIngress a) {
      sim.cutIngress(a.region(), true);
    } else if (action instanceof DrillAction.RestoreIngress a) {
      sim.cutIngress(a.region(), false);
    } else if (action instanceof DrillAction.CutEgress a) {
      sim.cutEgress(a.region(), true);
    } else if (action instanceof DrillAction.RestoreEgress a) {
      sim.cutEgress(a.region(), false);
    }
    return "applied";
  }

  private List<SimulatedRouter> routersOf(String provider) {
    return sim.routers().stream()
        .filter(
            r ->
                provider.equals("cloudflare")
                    ? r.name().startsWith("cloudflare")
                    : r.name().startsWith("do-"))
        .toList();
  }

  private String each(
      Target target, java.util.function.Consumer<SimulatedDroplet> change, String what) {
    int n = 0;
    for (SimulatedDroplet d : sim.droplets(target.region())) {
      int index = Integer.parseInt(d.instanceId().substring(d.instanceId().lastIndexOf('-') + 1));
      if (target.covers(d.region(), index)) {
        change.accept(d);
        n++;
      }
    }
    return n + " " + what;
  }

  private void command(DrillAction.Manual manual, PromotionRequest request) {
    Duration sent = sim.elapsed();
    PromotionResult result;
    try {
      result = sim.invokePromotion(codec.encode(request));
    } catch (PromotionFunction.TimedOut e) {
      // The CLI's synchronous invoke reports the function's error; whatever the saga journaled
      // stays.
      record(new DrillEvent.CommandAnswered(sim.elapsed(), manual.text(), "error", e.getMessage()));
      return;
    }
    if (request instanceof PromotionRequest.Manual m
        && (result.outcome().equals("promoted") || result.outcome().equals("failed"))) {
      accepted.add(new Accepted(sent, manual.text(), m.to(), result.outcome()));
    }
    record(
        new DrillEvent.CommandAnswered(
            sim.elapsed(), manual.text(), result.outcome(), result.reason()));
  }

  /** The newest failed promotion's id, for a bare {@code resume}. */
  private String latestFailed() {
    return sim.promotions().stream()
        .filter(p -> p.status() == PromotionStatus.FAILED)
        .reduce((a, b) -> b)
        .map(PromotionRecord::id)
        .orElse("none-failed");
  }
}
