package dev.baton.sim;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.role.Role;
import dev.baton.agent.role.RoleSnapshot;
import dev.baton.agent.store.ReplicaFailoverStore;
import dev.baton.detection.FleetMonitor;
import dev.baton.detection.MonitorPorts;
import dev.baton.detection.StaleHeartbeatSweep;
import dev.baton.detection.StreamBatchResult;
import dev.baton.detection.StuckPromotionCheck;
import dev.baton.domain.Baton;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RegionState;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import dev.baton.outside.MonitorPerspective;
import dev.baton.port.AuditLog;
import dev.baton.port.ProviderException;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;
import dev.baton.promotion.PromotionPorts;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.promotion.PromotionResult;
import dev.baton.promotion.PromotionService;
import dev.baton.promotion.SagaTime;
import dev.baton.sim.aws.AsyncPromotionInvoker;
import dev.baton.sim.aws.CountingMetrics;
import dev.baton.sim.aws.MonitorRace;
import dev.baton.sim.aws.PromotionFunction;
import dev.baton.sim.aws.RecordingAuditLog;
import dev.baton.sim.aws.RecordingNotifier;
import dev.baton.sim.aws.SimulatedRouter;
import dev.baton.sim.aws.StreamEventSourceMapping;
import dev.baton.sim.aws.VirtualBranches;
import dev.baton.sim.aws.VirtualSleeper;
import dev.baton.sim.droplet.SimulatedDroplet;
import dev.baton.sim.store.DecodedItems;
import dev.baton.sim.store.ItemKey;
import dev.baton.sim.store.ReplicaAgentStore;
import dev.baton.sim.store.ReplicaAuditLog;
import dev.baton.sim.store.ReplicaBatonStore;
import dev.baton.sim.store.ReplicaHeartbeatStore;
import dev.baton.sim.store.ReplicaPromotionJournal;
import dev.baton.sim.store.ReplicaRegionStateStore;
import dev.baton.sim.store.ReplicatedTable;
import dev.baton.sim.store.TablePath;
import dev.baton.sim.world.PublicPaths;
import dev.baton.store.BatonItems;
import dev.baton.store.DynamoAuditLog;
import dev.baton.store.DynamoPromotionJournal;
import dev.baton.store.RegionStateItems;
import dev.baton.store.TableKeys;
import dev.baton.time.VirtualClock;
import dev.baton.time.VirtualScheduler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Baton's production decision code (agents, the stream function's fleet monitor, the sweeper, the
 * promotion service and its saga) running in virtual time on one thread, seeded, against in-memory
 * stand-ins for what is outside Baton: a replicated DynamoDB table, Lambda's stream mapping and
 * asynchronous invokes, traffic providers and the droplets' apps. Build it with {@link #builder},
 * step it ({@link #runUntil}, {@link #step}), apply faults at any virtual instant ({@link #at}),
 * and observe it: roles, the baton, region states, router targets, promotions, audit entries, and
 * the {@link Observations} history (the same seed gives the same history).
 */
public final class Simulation {
  /** The promotion function's timeout in template.yaml: the saga's time budget. */
  static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(300);

  /**
   * How close two regions' writes to one item must be to conflict on a strongly consistent table:
   * about a cross-region round trip.
   */
  static final Duration CONFLICT_WINDOW = Duration.ofMillis(60);

  /** The chance that a provider's hanging call stalls past the client timeout (SimulatedRouter). */
  static final double STALL_CHANCE = 0.25;

  private final SimulationSpec spec;
  private final VirtualClock clock;
  private final VirtualScheduler scheduler;
  private final Instant start;
  private final Observations observations;
  private final ReplicatedTable table;
  private final TablePath home;
  private final Map<String, SimulatedDroplet> droplets = new LinkedHashMap<>();
  private final List<SimulatedRouter> routers = new ArrayList<>();
  private final CountingMetrics metrics = new CountingMetrics();
  private final RecordingNotifier notifier = new RecordingNotifier();
  private final List<AuditLog.Entry> audit = RecordingAuditLog.newList();
  private final PromotionRequestCodec codec;
  private final PromotionFunction promotionFunction;
  private final FleetMonitor streamMonitor;
  private final StreamEventSourceMapping mapping;

  /** The monitors, home (the first monitor region) first; one unless the table is strong. */
  private final List<Monitor> monitors = new ArrayList<>();

  private final MonitorRace race;
  private final List<Consumer<Simulation>> stepListeners = new ArrayList<>();
  private final Seen seen = new Seen();
  private int failuresSeen;
  private long steps;
  private List<SimulatedDroplet> dropletList;
  // Both built on first use: the fleet is fixed once the simulation is built (outside probes ask
  // for a region's droplets at every beat).
  private Map<String, List<SimulatedDroplet>> dropletsByRegion;
  private boolean observing = true;
  private final Map<String, Set<String>> cutReasons = new HashMap<>();
  private final PublicPaths publicPaths =
      new PublicPaths(region -> droplets(region).stream().anyMatch(d -> d.app().serving()));

  private Simulation(SimulationSpec spec) {
    this.spec = spec;
    Topology topology = spec.topology();
    this.clock = new VirtualClock(spec.start());
    this.scheduler = new VirtualScheduler(clock);
    this.start = spec.start();
    this.observations = new Observations(clock);
    SplittableRandom root = new SplittableRandom(spec.seed());
    SplittableRandom phases = root.split();
    this.table =
        new ReplicatedTable(
            spec.replicas(),
            scheduler,
            root.split(),
            spec.minReplicationDelay(),
            spec.maxReplicationDelay());
    if (spec.strong()) {
      table.stronglyConsistent(CONFLICT_WINDOW);
    }
    this.home = new TablePath(table, "aws:" + spec.home(), spec.home());
    this.codec = new PromotionRequestCodec(topology);
    List<String> regionNames = topology.regionNamesByPriority();
    Duration keepAuto =
        max(topology.policy().flapWindow(), topology.policy().minAutoPromotionGap());
    VirtualSleeper sleeper = new VirtualSleeper(clock, this::runUntilInstant);

    Map<String, Integer> seenTypes = new HashMap<>();
    for (RouterConfig router : topology.routers()) {
      int n = seenTypes.merge(router.type(), 1, Integer::sum);
      String name = n == 1 ? router.type() : router.type() + "#" + n;
      SimulatedRouter simulated = new SimulatedRouter(name, regionNames.get(0), clock, sleeper);
      // Its own source, so runs without hanging calls draw what they drew before stalls existed.
      simulated.stalls(STALL_CHANCE, new SplittableRandom(spec.seed() * 31 + name.hashCode()));
      routers.add(simulated);
    }

    this.race = new MonitorRace(clock, () -> baton(spec.home()));
    // The home monitor first, drawing from the seed as the single monitor always has, so a seed
    // replays the same run; the other monitor regions' draw after the droplets.
    Monitor first = new Monitor(spec.home(), root, sleeper);
    monitors.add(first);
    this.promotionFunction = first.promotionFunction;
    this.streamMonitor = first.streamMonitor;
    this.mapping = first.mapping;

    for (RegionConfig region : topology.regions()) {
      for (int i = 1; i <= spec.instancesOf(region.name()); i++) {
        AgentConfig config = agentConfig(region, region.name() + "-" + i);
        SimulatedDroplet droplet =
            new SimulatedDroplet(
                config,
                // Agents beat to, and read the baton from, the authority (home), not their
                // nearest replica: a stalled replica cannot keep a region active (DESIGN 11).
                agentStore(region, config.instanceId()),
                scheduler,
                root.split());
        droplet.probeOutsideWith(publicPaths.proberAt(region.name()));
        droplets.put(droplet.name(), droplet);
        dropletList = null;
        dropletsByRegion = null;
      }
    }

    for (String region : spec.monitorRegions().subList(1, spec.monitorRegions().size())) {
      monitors.add(new Monitor(region, root, sleeper));
    }
    Baton placed =
        new ReplicaBatonStore(home, keepAuto).initialize(Baton.initial(regionNames.get(0), start));
    observations.note(
        "setup",
        spec.home(),
        "baton placed: " + placed.activeRegion() + " at epoch " + placed.epoch());
    // As the drill does at its start (and a deployment's sweeper within its first minute): the
    // readiness run publishes the fence deadline and the outside targets agents read.
    scheduler.schedule(first::readiness, 0, TimeUnit.MILLISECONDS);
    long interval = topology.timings().heartbeatInterval().toMillis();
    for (SimulatedDroplet droplet : droplets.values()) {
      long phase = phases.nextLong(interval);
      scheduler.schedule(
          () -> {
            droplet.startAgent();
            observations.note("agent", droplet.name(), "started (seq from its disk or clock)");
          },
          phase,
          TimeUnit.MILLISECONDS);
    }
    for (Monitor monitor : monitors) {
      monitor.mapping.start(
          Duration.ofMillis(phases.nextLong(spec.stream().pollInterval().toMillis())));
      scheduler.scheduleAtFixedRate(
          monitor::runSweep, phases.nextLong(60_000), 60_000, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A droplet's way to the control table: the authority (home) on an eventually consistent table
   * (decision 0017); on a strongly consistent one, every replica, its region's nearest first,
   * through {@link ReplicaFailoverStore} as a production agent with {@code controlRegions}.
   */
  private dev.baton.agent.store.AgentStore agentStore(RegionConfig region, String instanceId) {
    String site = site(region.name(), instanceId);
    if (!spec.strong()) {
      return new ReplicaAgentStore(new TablePath(table, site, spec.home()));
    }
    List<String> order = new ArrayList<>();
    order.add(region.awsRegion());
    spec.monitorRegions().stream().filter(r -> !order.contains(r)).forEach(order::add);
    List<ReplicaFailoverStore.Replica> replicas = new ArrayList<>();
    for (String awsRegion : order) {
      replicas.add(
          new ReplicaFailoverStore.Replica(
              awsRegion, new ReplicaAgentStore(new TablePath(table, site, awsRegion))));
    }
    return new ReplicaFailoverStore(
        replicas, Duration.ofMinutes(5), () -> Duration.between(start, clock.instant()).toNanos());
  }

  /** One monitor: the three functions in one AWS region, on its own replica (issue 14). */
  private final class Monitor {
    final String region;
    final TablePath path;
    final PromotionFunction promotionFunction;
    final AsyncPromotionInvoker streamInvoker;
    final AsyncPromotionInvoker sweepInvoker;
    final FleetMonitor streamMonitor;
    final StaleHeartbeatSweep sweep;
    final StreamEventSourceMapping mapping;

    Monitor(String region, SplittableRandom root, VirtualSleeper sleeper) {
      this.region = region;
      this.path = new TablePath(table, "aws:" + region, region);
      Topology topology = spec.topology();
      List<String> regionNames = topology.regionNamesByPriority();
      Duration keepAuto =
          max(topology.policy().flapWindow(), topology.policy().minAutoPromotionGap());
      ReplicaPromotionJournal journal = new ReplicaPromotionJournal(path);
      List<TrafficRouter> watched = new ArrayList<>();
      routers.forEach(r -> watched.add(race.watch(region, r)));
      PromotionPorts promotionPorts =
          new PromotionPorts(
              race.watch(region, new ReplicaBatonStore(path, keepAuto)),
              new ReplicaRegionStateStore(path, regionNames),
              journal,
              watched,
              Simulation.this::probePublicHealth,
              notifier,
              recordedAudit(path, label("promotion"), root),
              new ReplicaHeartbeatStore(path),
              metrics);
      PromotionService service =
          new PromotionService(
              topology,
              promotionPorts,
              new SagaTime(
                  clock,
                  sleeper,
                  root.split(),
                  spec.retries(),
                  new VirtualBranches(clock, sleeper)));
      this.promotionFunction =
          new PromotionFunction(codec, service, clock, PROMOTION_TIMEOUT, this::reachable, sleeper);
      this.streamInvoker = invoker(label("health-transition"));
      this.streamMonitor =
          monitor(
              "baton:health-transition",
              recordedAudit(path, label("health-transition"), root),
              streamInvoker);
      this.sweepInvoker = invoker(label("stale-sweeper"));
      FleetMonitor sweepMonitor =
          monitor(
              "baton:stale-sweeper",
              recordedAudit(path, label("stale-sweeper"), root),
              sweepInvoker);
      this.sweep =
          new StaleHeartbeatSweep(
              sweepMonitor,
              this::readiness,
              new StuckPromotionCheck(journal, StuckPromotionCheck.DEFAULT_STUCK_AFTER, clock),
              metrics);
      this.mapping =
          new StreamEventSourceMapping(
              table,
              region,
              this::healthTransition,
              scheduler,
              root.split(),
              spec.stream(),
              observations);
    }

    private AsyncPromotionInvoker invoker(String caller) {
      return new AsyncPromotionInvoker(
          caller,
          codec,
          promotionFunction,
          scheduler,
          spec.asyncRetries(),
          this::reachable,
          observations);
    }

    /** The stream function's handler body ({@code HealthTransitionHandler.handleRequest}). */
    private StreamsEventResponse healthTransition(DynamodbEvent event) {
      StreamBatchResult result = streamMonitor.onStreamRecords(event.getRecords());
      return new StreamsEventResponse(
          result.failedSequenceNumbers().stream()
              .map(StreamsEventResponse.BatchItemFailure::new)
              .toList());
    }

    /** A function's name, with the region when several monitors run. */
    private String label(String function) {
      return spec.strong() && !region.equals(spec.home()) ? function + "@" + region : function;
    }

    boolean reachable() {
      return !table.holds(region).contains(ReplicatedTable.Hold.ISOLATION);
    }

    private FleetMonitor monitor(
        String requestedBy, AuditLog auditLog, AsyncPromotionInvoker invoker) {
      Topology topology = spec.topology();
      Duration keepAuto =
          max(topology.policy().flapWindow(), topology.policy().minAutoPromotionGap());
      MonitorPorts ports =
          new MonitorPorts(
              new ReplicaHeartbeatStore(path),
              new ReplicaRegionStateStore(path, topology.regionNamesByPriority()),
              new ReplicaBatonStore(path, keepAuto),
              auditLog,
              invoker,
              metrics);
      return new FleetMonitor(
              topology, ports, clock, requestedBy, topology.timings().heartbeatInterval())
          .withPerspective(
              new MonitorPerspective(
                  topology,
                  region,
                  requestedBy,
                  publicPaths.proberAt(PublicPaths.INTERNET),
                  clock));
    }

    /**
     * The sweeper's scheduled invocation; an error is Lambda's (no retry: the next one is in a
     * minute).
     */
    void runSweep() {
      if (!reachable()) {
        return;
      }
      try {
        StaleHeartbeatSweep.Result result = sweep.run();
        if (result.sweep().markedStale() > 0) {
          observations.note("sweep", region, "marked " + result.sweep().markedStale() + " STALE");
        }
      } catch (RuntimeException e) {
        observations.note("sweep", region, "failed: " + e.getMessage());
      }
    }

    /** The sweeper's readiness check: the promotion function's readiness request. */
    List<ReadinessCheck.Problem> readiness() {
      PromotionResult result = promotionFunction.invoke(codec.encodeReadiness());
      return result instanceof PromotionResult.Readiness r ? r.problems() : List.of();
    }
  }

  /** A simulation of {@code topology}; the builder names the home region, replicas, seed. */
  public static SimulationSpec.Builder builder(Topology topology) {
    return SimulationSpec.builder(topology);
  }

  static Simulation of(SimulationSpec spec) {
    return new Simulation(spec);
  }

  // ---- running ---------------------------------------------------------------------------------

  /** Runs every task due up to {@code sinceStart} of virtual time, observing after each. */
  public Simulation runUntil(Duration sinceStart) {
    runUntilInstant(start.plus(sinceStart));
    return this;
  }

  /** Runs for {@code by} more virtual time. */
  public Simulation runFor(Duration by) {
    runUntilInstant(clock.instant().plus(by));
    return this;
  }

  /** Runs the next task; false when none is queued. */
  public boolean step() {
    if (!scheduler.runNext()) {
      return false;
    }
    afterStep();
    return true;
  }

  /**
   * Stops noting role, baton, region and router changes in {@link #observations()} after every
   * step: a random search reads the state through its own listener and needs no history (it runs
   * about a fifth faster). Faults and results are still noted.
   */
  public Simulation withoutHistory() {
    observing = false;
    return this;
  }

  /** Calls {@code listener} after every step (an invariant checker, a recorder). */
  public Simulation onStep(Consumer<Simulation> listener) {
    stepListeners.add(listener);
    return this;
  }

  /** Applies {@code fault} at {@code sinceStart} of virtual time, noting {@code what}. */
  public Simulation at(Duration sinceStart, String what, Consumer<Simulation> fault) {
    Duration delay = Duration.between(clock.instant(), start.plus(sinceStart));
    scheduler.schedule(
        () -> {
          observations.note("fault", "world", what);
          fault.accept(this);
        },
        Math.max(0, delay.toNanos()),
        TimeUnit.NANOSECONDS);
    return this;
  }

  private void runUntilInstant(Instant until) {
    while (true) {
      Instant next = scheduler.nextDue();
      if (next == null || next.isAfter(until)) {
        break;
      }
      scheduler.runNext();
      afterStep();
    }
    if (until.isAfter(clock.instant())) {
      clock.set(until);
    }
  }

  private void afterStep() {
    steps++;
    if (scheduler.failureCount() != failuresSeen) {
      List<Throwable> failures = scheduler.failures();
      for (int i = failuresSeen; i < failures.size(); i++) {
        observations.note("failure", "scheduler", "a task threw: " + failures.get(i));
      }
      failuresSeen = failures.size();
    }
    if (observing) {
      observe();
    }
    for (Consumer<Simulation> listener : stepListeners) {
      listener.accept(this);
    }
  }

  // ---- faults ----------------------------------------------------------------------------------

  public SimulatedDroplet droplet(String region, String instanceId) {
    SimulatedDroplet d = droplets.get(region + "/" + instanceId);
    if (d == null) {
      throw new IllegalArgumentException("no droplet " + region + "/" + instanceId);
    }
    return d;
  }

  /** Every droplet (fixed once built; a read-only list, as observers ask after every step). */
  public List<SimulatedDroplet> droplets() {
    if (dropletList == null) {
      dropletList = List.copyOf(droplets.values());
    }
    return dropletList;
  }

  public List<SimulatedDroplet> droplets(String region) {
    if (dropletsByRegion == null) {
      Map<String, List<SimulatedDroplet>> byRegion = new HashMap<>();
      for (SimulatedDroplet d : droplets()) {
        byRegion.computeIfAbsent(d.region(), r -> new ArrayList<>()).add(d);
      }
      byRegion.replaceAll((r, list) -> List.copyOf(list));
      dropletsByRegion = byRegion;
    }
    return dropletsByRegion.getOrDefault(region, List.of());
  }

  /** Stops the app of every droplet of {@code region} (its agents keep beating: UNHEALTHY). */
  public void stopApps(String region) {
    droplets(region).forEach(d -> d.app().stop());
  }

  public void startApps(String region) {
    droplets(region).forEach(d -> d.app().start());
  }

  /** The table, for replication, isolation, throttling and path faults. */
  public ReplicatedTable table() {
    return table;
  }

  /** Cuts the droplets of {@code doRegion} off from the replica in {@code awsRegion}. */
  public void partition(String doRegion, String awsRegion) {
    droplets(doRegion).forEach(d -> cutPath(d, awsRegion, "partition", true));
  }

  public void healPartition(String doRegion, String awsRegion) {
    droplets(doRegion).forEach(d -> cutPath(d, awsRegion, "partition", false));
  }

  /**
   * Cuts one droplet's agent off from every replica ({@code cut-agent-from-store}), or restores it;
   * its app and the other droplets are untouched.
   */
  /** {@code cut-ingress}: users, AWS and other regions cannot reach the region's endpoint. */
  public void cutIngress(String region, boolean cut) {
    publicPaths.cutIngress(region, cut);
  }

  /** {@code cut-egress}: the region's droplets cannot reach other regions' endpoints. */
  public void cutEgress(String region, boolean cut) {
    publicPaths.cutEgress(region, cut);
  }

  public void cutFromStore(SimulatedDroplet droplet, boolean cut) {
    for (String replica : table.regions()) {
      cutPath(droplet, replica, "store", cut);
    }
  }

  /** Whether the path from {@code droplet} to {@code awsRegion} is cut, for any reason. */
  public boolean pathCut(SimulatedDroplet droplet, String awsRegion) {
    return !cutReasons
        .getOrDefault(site(droplet.region(), droplet.instanceId()) + ">" + awsRegion, Set.of())
        .isEmpty();
  }

  /**
   * A path stays cut while any reason holds: healing a partition does not end a droplet's own
   * {@code cut-agent-from-store}, and the other way round.
   */
  private void cutPath(SimulatedDroplet droplet, String awsRegion, String reason, boolean cut) {
    String site = site(droplet.region(), droplet.instanceId());
    Set<String> reasons = cutReasons.computeIfAbsent(site + ">" + awsRegion, k -> new HashSet<>());
    if (cut) {
      reasons.add(reason);
      table.cut(site, awsRegion);
    } else {
      reasons.remove(reason);
      if (reasons.isEmpty()) {
        table.mend(site, awsRegion);
      }
    }
  }

  /** The network site of one droplet: its own path, so faults can cut one droplet or a region. */
  private static String site(String region, String instanceId) {
    return "do:" + region + "/" + instanceId;
  }

  /** The stream function restarts cold (SnapStart restore or a new container): empty view. */
  public void restartStreamFunction() {
    monitors.forEach(m -> m.streamMonitor.restart());
  }

  /**
   * Hands {@code request} to every monitor's stream-function invoker at the same virtual instant,
   * as when each monitor's detector decides the same failover from the same beats: the race a
   * three-region deployment runs on every failover (issue 14).
   */
  public void raceRequest(dev.baton.domain.PromotionRequest request) {
    monitors.forEach(m -> m.streamInvoker.requestPromotion(request));
  }

  /** The AWS regions running a monitor, home first. */
  public List<String> monitorRegions() {
    return monitors.stream().map(m -> m.region).toList();
  }

  /**
   * What the monitors' race broke (issue 14): two claims of one epoch, a provider call from a
   * monitor whose claim lost. Empty with one monitor unless the saga itself is broken.
   */
  public List<MonitorRace.Breach> raceBreaches() {
    return race.breaches();
  }

  /** Which monitor region won each epoch's claim. */
  public Map<Long, String> claimWinners() {
    return race.winners();
  }

  /** Provider calls made by each monitor region. */
  public Map<String, Integer> providerCalls() {
    return race.calls();
  }

  /**
   * An operator's request (JSON, the promotion function's one request type), invoked and waited
   * for.
   */
  public PromotionResult invokePromotion(String json) {
    observations.note("operator", "promotion", json);
    // An operator's request runs on the first monitor that answers (an operator tries another
    // region's function when one fails), on behalf of whoever holds the baton.
    Monitor on = monitors.stream().filter(Monitor::reachable).findFirst().orElse(monitors.get(0));
    race.operatorRequest(on.region, true);
    try {
      PromotionResult result = on.promotionFunction.invoke(json);
      observations.note("promotion-result", "operator", result.outcome() + ": " + result.reason());
      return result;
    } finally {
      race.operatorRequest(on.region, false);
    }
  }

  /** When Lambda's timeout ended a saga, in any monitor region's promotion function. */
  public List<Instant> promotionTimeouts() {
    List<Instant> all = new ArrayList<>();
    monitors.forEach(m -> all.addAll(m.promotionFunction.timedOut()));
    all.sort(Instant::compareTo);
    return all;
  }

  /** The promotion function (its invocations Lambda's timeout ended: {@code timedOut()}). */
  public PromotionFunction promotionFunction() {
    return promotionFunction;
  }

  public SimulatedRouter router(String name) {
    return routers.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no router " + name));
  }

  // ---- observing -------------------------------------------------------------------------------

  public Observations observations() {
    return observations;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Virtual time since the start. */
  public Duration elapsed() {
    return Duration.between(start, clock.instant());
  }

  public long steps() {
    return steps;
  }

  public SimulationSpec spec() {
    return spec;
  }

  /** Every droplet's running agent's role, by {@code region/instance}; empty when no agent runs. */
  public Map<String, Optional<RoleSnapshot>> roles() {
    Map<String, Optional<RoleSnapshot>> roles = new LinkedHashMap<>();
    droplets.forEach((name, d) -> roles.put(name, d.role()));
    return roles;
  }

  /** The regions with at least one agent that believes it is ACTIVE. */
  public Set<String> activeRegions() {
    Set<String> active = new LinkedHashSet<>();
    for (SimulatedDroplet d : droplets.values()) {
      if (d.role().map(r -> r.role() == Role.ACTIVE).orElse(false)) {
        active.add(d.region());
      }
    }
    return active;
  }

  /** The baton as the home replica holds it. */
  public Optional<Baton> baton() {
    return baton(spec.home());
  }

  /** The baton as the replica in {@code awsRegion} holds it. */
  public Optional<Baton> baton(String awsRegion) {
    return table.peek(awsRegion, ItemKey.of(BatonItems.key())).map(BatonItems::fromItem);
  }

  /** The region states as the home replica holds them. */
  public Map<String, RegionState> regionStates() {
    Map<String, RegionState> states = new LinkedHashMap<>();
    for (String region : spec.topology().regionNamesByPriority()) {
      table
          .peek(spec.home(), ItemKey.of(RegionStateItems.key(region)))
          .ifPresent(item -> states.put(region, decodedStates.get(region, item)));
    }
    return states;
  }

  /** Region states and promotions as last decoded (an observer reads them after every step). */
  private final DecodedItems<String, RegionState> decodedStates =
      new DecodedItems<>(RegionStateItems::fromItem);

  private final DecodedItems<ItemKey, PromotionRecord> decodedPromotions =
      new DecodedItems<>(DynamoPromotionJournal::fromItem);

  /** The routers (a read-only view: observers ask after every step). */
  public List<SimulatedRouter> routers() {
    return java.util.Collections.unmodifiableList(routers);
  }

  /** Where each router sends users, by router name. */
  public Map<String, String> routerTargets() {
    Map<String, String> targets = new LinkedHashMap<>();
    routers.forEach(r -> targets.put(r.name(), r.target()));
    return targets;
  }

  /** Every promotion in the home replica's journal, oldest first. */
  public List<PromotionRecord> promotions() {
    List<PromotionRecord> all = new ArrayList<>();
    table
        .itemsWithPrefix(spec.home(), TableKeys.PROMOTION_PREFIX)
        .forEach((key, item) -> all.add(decodedPromotions.get(key, item)));
    all.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
    return all;
  }

  /** The promotion requests the detectors handed to Lambda, stream function's then sweeper's. */
  public List<AsyncPromotionInvoker.Invocation> promotionRequests() {
    List<AsyncPromotionInvoker.Invocation> all = new ArrayList<>();
    for (Monitor m : monitors) {
      all.addAll(m.streamInvoker.invocations());
      all.addAll(m.sweepInvoker.invocations());
    }
    all.sort((a, b) -> a.requestedAt().compareTo(b.requestedAt()));
    return all;
  }

  /** Every audit entry written, in order. */
  public List<AuditLog.Entry> auditEntries() {
    return List.copyOf(audit);
  }

  /** How many audit entries were written (no copy: an observer asks after every step). */
  public int auditCount() {
    return audit.size();
  }

  public CountingMetrics metrics() {
    return metrics;
  }

  public RecordingNotifier notifier() {
    return notifier;
  }

  public StreamEventSourceMapping streamMapping() {
    return mapping;
  }

  /** What the scheduler's tasks threw (production code failing where it should not). */
  public List<Throwable> failures() {
    return scheduler.failures();
  }

  // ---- wiring ----------------------------------------------------------------------------------

  /** 40 % of the interval, at most the agent's default of 2 s (as the drill's droplets). */
  private static Duration probeTimeout(Duration heartbeatInterval) {
    Duration share = heartbeatInterval.multipliedBy(2).dividedBy(5);
    return share.compareTo(Duration.ofSeconds(2)) < 0 ? share : Duration.ofSeconds(2);
  }

  private AgentConfig agentConfig(RegionConfig region, String instanceId) {
    return AgentConfig.builder()
        .region(region.name())
        .instanceId(instanceId)
        .table("baton-sim")
        .awsRegion(spec.home())
        .heartbeatInterval(spec.topology().timings().heartbeatInterval())
        .heartbeatJitter(spec.agentJitter())
        .fenceAfter(spec.fenceAfter())
        .probeUrl(URI.create("http://127.0.0.1:8080/health"))
        .probeTimeout(probeTimeout(spec.topology().timings().heartbeatInterval()))
        .listenPort(0)
        .stateFile(Path.of("/var/lib/baton-agent/state"))
        .allowUnsynchronisedClock(true)
        .build();
  }

  private AuditLog recordedAudit(TablePath path, String writer, SplittableRandom root) {
    return new RecordingAuditLog(
        new ReplicaAuditLog(path, DynamoAuditLog.DEFAULT_RETENTION, root.split()),
        writer,
        audit,
        observations);
  }

  /** The saga's probe of the target's public health URL: a majority of its apps serve. */
  private String probePublicHealth(String url) {
    String region = URI.create(url).getHost().split("\\.")[0];
    List<SimulatedDroplet> members = droplets(region);
    long serving = members.stream().filter(d -> d.app().serving()).count();
    if (serving * 2 <= members.size()) {
      throw new ProviderException(
          "public-health",
          "GET " + url + " -> 503 (" + serving + " of " + members.size() + " apps serving)",
          true);
    }
    return "GET " + url + " -> 200";
  }

  private boolean homeReachable() {
    return monitors.get(0).reachable();
  }

  private void observe() {
    for (SimulatedDroplet d : droplets.values()) {
      Optional<RoleSnapshot> role = d.role();
      // Compared without building text: this runs after every step.
      Role r0 = role.map(RoleSnapshot::role).orElse(null);
      long e0 = role.map(RoleSnapshot::epoch).orElse(-1L);
      long key = role.isEmpty() ? -2 : (r0 == null ? -1 : r0.ordinal()) * 1_000_000_007L + e0;
      Long last = seen.roleKeys.put(d.name(), key);
      if (last != null && last == key) {
        continue;
      }
      String now =
          role.map(r -> r.role() == null ? "unknown" : r.role().name() + " epoch " + r.epoch())
              .orElse("no agent");
      String before = seen.roles.put(d.name(), now);
      if (!now.equals(before)) {
        String reason = d.role().map(RoleSnapshot::reason).orElse("");
        observations.note(
            "role",
            d.name(),
            (before == null ? "-" : before)
                + " -> "
                + now
                + (reason.isEmpty() ? "" : " (" + reason + ")"));
      }
    }
    for (String replica : table.regions()) {
      Map<String, AttributeValue> item = table.peek(replica, seen.batonKey).orElse(null);
      if (item != seen.batonItems.get(replica)) {
        seen.batonItems.put(replica, item);
        String text = item == null ? "none" : describe(BatonItems.fromItem(item));
        if (!text.equals(seen.batons.put(replica, text))) {
          observations.note(replica.equals(spec.home()) ? "baton" : "replica-baton", replica, text);
        }
      }
    }
    for (String region : spec.topology().regionNamesByPriority()) {
      Map<String, AttributeValue> item =
          table
              .peek(
                  spec.home(),
                  seen.stateKeys.computeIfAbsent(region, r -> ItemKey.of(RegionStateItems.key(r))))
              .orElse(null);
      if (item != null && item != seen.stateItems.get(region)) {
        seen.stateItems.put(region, item);
        String health = RegionStateItems.fromItem(item).health().name();
        String before = seen.health.put(region, health);
        if (!health.equals(before)) {
          observations.note("region", region, (before == null ? "-" : before) + " -> " + health);
        }
      }
    }
    for (SimulatedRouter router : routers) {
      String before = seen.targets.put(router.name(), router.target());
      if (before != null && !before.equals(router.target())) {
        observations.note("router", router.name(), before + " -> " + router.target());
      }
    }
  }

  private static String describe(Baton b) {
    return b.activeRegion() + " active at epoch " + b.epoch() + ", " + b.mode();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** What {@link #observe} saw last, to note changes only. */
  private static final class Seen {
    final Map<String, String> roles = new HashMap<>();
    final Map<String, Long> roleKeys = new HashMap<>();
    final Map<String, Map<String, AttributeValue>> batonItems = new HashMap<>();
    final Map<String, String> batons = new HashMap<>();
    final Map<String, Map<String, AttributeValue>> stateItems = new HashMap<>();
    final Map<String, String> health = new HashMap<>();
    final Map<String, String> targets = new HashMap<>();
    final ItemKey batonKey = ItemKey.of(BatonItems.key());
    final Map<String, ItemKey> stateKeys = new HashMap<>();
  }

  @Override
  public String toString() {
    return "Simulation[seed " + spec.seed() + ", at " + elapsed() + "]";
  }
}
