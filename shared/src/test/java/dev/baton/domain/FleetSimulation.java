package dev.baton.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Action.FreezeBaton;
import dev.baton.domain.Action.PersistTransition;
import dev.baton.domain.Action.RequestPromotion;
import dev.baton.domain.PromotionDecision.Proceed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One random world for {@link RandomizedInvariantsTest}: 2 to 5 regions of simulated agents, the
 * evaluator run as the stream function and the sweeper run it, a region state store, and a baton
 * moved the way the promotion saga moves it (decide with {@link PromotionRules} against the stored
 * states, then claim epoch + 1), with promotion requests sometimes delivered late. {@link #step()}
 * performs one random event and checks every invariant of docs/architecture.md.
 */
final class FleetSimulation {
  private static final HeartbeatStatus[] AGENT_STATUSES = {
    HeartbeatStatus.HEALTHY,
    HeartbeatStatus.HEALTHY,
    HeartbeatStatus.HEALTHY,
    HeartbeatStatus.DEGRADED,
    HeartbeatStatus.UNHEALTHY,
    HeartbeatStatus.UNHEALTHY,
    HeartbeatStatus.DRAINING
  };

  private static final class Agent {
    final String region;
    final String id;
    HeartbeatStatus status = HeartbeatStatus.HEALTHY;
    boolean running = true;
    Duration skew = Duration.ZERO;
    long seq;

    /** The agent's latest beat the monitor holds, or null (none yet, or the monitor restarted). */
    Heartbeat last;

    Agent(String region, String id) {
      this.region = region;
      this.id = id;
    }
  }

  private final SplittableRandom random;
  private final Topology topology;
  private final Evaluator evaluator;
  private final List<Agent> agents = new ArrayList<>();
  private final List<String> regions;
  private FleetView fleet = new FleetView();
  private final Map<String, RegionState> store = new HashMap<>();
  private Map<String, RegionState> memory = new HashMap<>();
  private final Deque<PromotionRequest> inFlight = new ArrayDeque<>();
  private final Map<Long, String> holderOfEpoch = new HashMap<>();
  private final Deque<TraceLine> trace = new ArrayDeque<>();
  private Baton baton;
  private Instant now = Fixtures.T0;
  private Instant monitorStartedAt;
  private int promotions;

  /** What the checks counted, to show the run exercised the rules. */
  static final class Tally {
    long steps;
    long evaluations;
    long automaticPromotions;
    long manualPromotions;
    long forcedPromotions;
    long notActing;
    long rejected;
    long freezes;
    long allDownEvaluations;
  }

  private final Tally tally;

  FleetSimulation(long seed, Tally tally) {
    this.random = new SplittableRandom(seed);
    this.tally = tally;
    int regionCount = 2 + random.nextInt(4);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < regionCount; i++) {
      names.add(List.of("nyc1", "ams3", "sfo3", "fra1", "sgp1").get(i));
    }
    Double[] quorums = {null, null, 0.5, 1.0};
    FailoverPolicy policy =
        new FailoverPolicy(
            quorums[random.nextInt(quorums.length)],
            Duration.ofSeconds(List.of(0, 30, 120, 600).get(random.nextInt(4))),
            1 + random.nextInt(3),
            Duration.ofMinutes(List.of(5, 20, 60).get(random.nextInt(3))));
    this.topology = Fixtures.topology(Timings.DEFAULTS, policy, names.toArray(String[]::new));
    this.regions = topology.regionNamesByPriority();
    this.evaluator = new Evaluator(topology);
    for (String region : regions) {
      int instances = 1 + random.nextInt(4);
      for (int i = 1; i <= instances; i++) {
        agents.add(new Agent(region, "i-" + i));
      }
    }
    this.baton = Baton.initial(regions.get(random.nextInt(regions.size())), now);
    holderOfEpoch.put(baton.epoch(), baton.activeRegion());
    this.monitorStartedAt = now.minus(Duration.ofSeconds(random.nextInt(40)));
    log(
        "world: "
            + topology.regions().size()
            + " regions, "
            + agents.size()
            + " agents, "
            + policy);
  }

  /** One random event, then every invariant. */
  void step() {
    tally.steps++;
    int dice = random.nextInt(100);
    if (dice < 45) {
      advance(Duration.ofMillis(500 + random.nextInt(9_500)));
    } else if (dice < 65) {
      Agent agent = agents.get(random.nextInt(agents.size()));
      agent.status = AGENT_STATUSES[random.nextInt(AGENT_STATUSES.length)];
      agent.running = true;
      log(agent.region, "/", agent.id, " reports ", agent.status);
    } else if (dice < 73) {
      Agent agent = agents.get(random.nextInt(agents.size()));
      agent.running = !agent.running;
      log(agent.region, "/", agent.id, agent.running ? " beats again" : " goes silent");
    } else if (dice < 77) {
      String region = regions.get(random.nextInt(regions.size()));
      boolean running = random.nextBoolean();
      agents.stream().filter(a -> a.region.equals(region)).forEach(a -> a.running = running);
      log("region ", region, running ? " beats again" : " goes silent");
    } else if (dice < 80) {
      Agent agent = agents.get(random.nextInt(agents.size()));
      agent.skew = Duration.ofSeconds(random.nextInt(121) - 60);
      log(agent.region, "/", agent.id, " clock skew ", agent.skew);
    } else if (dice < 88) {
      manualRequest();
    } else if (dice < 93) {
      deliverInFlight();
    } else if (dice < 95) {
      fleet = new FleetView();
      agents.forEach(a -> a.last = null);
      memory = new HashMap<>(store);
      monitorStartedAt = now;
      log("monitor restarts");
    } else {
      advance(Duration.ofSeconds(30 + random.nextInt(90)));
    }
  }

  /** Time passes: agents beat every heartbeat interval, each beat triggers an evaluation. */
  private void advance(Duration length) {
    Instant end = now.plus(length);
    Duration interval = topology.timings().heartbeatInterval();
    while (now.compareTo(end) < 0) {
      Instant next = now.plus(interval);
      now = next.isAfter(end) ? end : next;
      boolean anyBeat = false;
      for (Agent agent : agents) {
        // Beats jitter: sometimes one is lost, as on a real network.
        if (agent.running && random.nextInt(10) > 0) {
          agent.seq++;
          agent.last =
              new Heartbeat(
                  agent.region,
                  agent.id,
                  agent.status,
                  agent.seq,
                  now.plus(agent.skew),
                  Map.of(),
                  "sim",
                  now);
          fleet.apply(agent.last);
          anyBeat = true;
        }
      }
      // The stream function's batching window often folds two rounds of beats into one
      // invocation; with no beat at all only the sweeper evaluates, about once a minute.
      if (anyBeat ? random.nextBoolean() : random.nextInt(12) == 0) {
        evaluate();
      }
    }
  }

  private void evaluate() {
    tally.evaluations++;
    Baton before = baton;
    Map<String, RegionState> previous = memory;
    Evaluation e = evaluator.evaluate(fleet, previous, before, now, monitorStartedAt);
    memory = new HashMap<>(e.regions());
    boolean inGrace =
        Duration.between(monitorStartedAt, now).compareTo(topology.timings().startupGrace()) < 0;
    if (inGrace || fleet.isEmpty()) {
      assertThat(e.actions()).as("no action during startup grace or with an empty view").isEmpty();
    }
    checkTransitionsFollowTheTable(previous, e);
    boolean everyRegionDown = everyRegionDownByTheAgents();
    if (everyRegionDown) {
      tally.allDownEvaluations++;
      assertThat(e.actions())
          .as("no promotion or freeze while every region is down")
          .noneMatch(a -> a instanceof RequestPromotion || a instanceof FreezeBaton);
    }
    for (Action action : e.actions()) {
      if (action instanceof PersistTransition p) {
        RegionState stored = store.get(p.next().region());
        long storedVersion = stored == null ? 0 : stored.version();
        if (storedVersion == p.previous().version()) {
          RegionState saved = p.next().withVersion(storedVersion + 1);
          store.put(saved.region(), saved);
          memory.put(saved.region(), saved);
        }
        if (p.healthChanged()) {
          log(p.reason());
        }
      } else if (action instanceof RequestPromotion r) {
        checkAutomaticRequest(r.request(), before, e.regions());
        log("requests ", r.request().from(), " -> ", r.request().to());
        if (random.nextInt(4) == 0) {
          inFlight.add(r.request());
        } else {
          decide(r.request());
        }
      } else if (action instanceof FreezeBaton f) {
        assertThat(f.expectedEpoch()).isEqualTo(before.epoch());
        decide(new PromotionRequest.Freeze("baton:flap-limit", f.reason(), false));
      }
    }
  }

  private void manualRequest() {
    String to = regions.get(random.nextInt(regions.size()));
    Long expected =
        switch (random.nextInt(3)) {
          case 0 -> null;
          case 1 -> baton.epoch();
          default -> Math.max(1, baton.epoch() - 1 - random.nextInt(2));
        };
    PromotionRequest request =
        switch (random.nextInt(6)) {
          case 0 -> new PromotionRequest.Freeze("alice", "sim", false);
          case 1 -> new PromotionRequest.Unfreeze("alice", "sim", false);
          default ->
              new PromotionRequest.Manual(
                  random.nextBoolean() ? PromotionKind.FAILBACK : PromotionKind.SWITCHOVER,
                  to,
                  random.nextInt(3) == 0,
                  expected,
                  "alice",
                  "sim",
                  false);
        };
    log("operator: ", request);
    decide(request);
  }

  private void deliverInFlight() {
    if (!inFlight.isEmpty()) {
      PromotionRequest late = inFlight.poll();
      log("late delivery: ", late);
      decide(late);
    }
  }

  /** The promotion function: validate against what it reads from the store, then claim. */
  private void decide(PromotionRequest request) {
    PromotionDecision d = PromotionRules.decide(request, baton, store, topology, now);
    log("  -> ", d);
    if (d instanceof PromotionDecision.NotActing) {
      tally.notActing++;
    } else if (d instanceof PromotionDecision.Rejected) {
      tally.rejected++;
    }
    if (!(d instanceof Proceed p)) {
      return;
    }
    if (!p.movesBaton()) {
      boolean freeze = request instanceof PromotionRequest.Freeze;
      tally.freezes += freeze ? 1 : 0;
      baton =
          new Baton(
              baton.activeRegion(),
              baton.epoch(),
              freeze ? BatonMode.FROZEN : BatonMode.AUTO,
              now,
              p.reason(),
              baton.promotionId(),
              freeze ? baton.autoPromotions() : List.of(),
              baton.version() + 1);
      return;
    }
    RegionState target = store.get(p.to());
    boolean targetHealthy = target != null && target.health() == RegionHealth.HEALTHY;
    assertThat(targetHealthy || p.forced())
        .as("no promotion into a region that is not HEALTHY unless forced: %s", p)
        .isTrue();
    assertThat(p.from()).as("a promotion leaves the active region").isEqualTo(baton.activeRegion());
    assertThat(p.to()).as("a promotion moves the baton").isNotEqualTo(baton.activeRegion());
    List<Instant> autos = new ArrayList<>(baton.autoPromotions());
    if (p.kind() == PromotionKind.AUTO_FAILOVER) {
      PromotionRequest.AutoFailover auto = (PromotionRequest.AutoFailover) request;
      assertThat(auto.expectedEpoch()).as("fenced by epoch").isEqualTo(baton.epoch());
      assertThat(baton.mode()).as("FROZEN blocks automatic promotions").isEqualTo(BatonMode.AUTO);
      RegionState from = store.get(p.from());
      assertThat(from != null && from.health() == RegionHealth.UNHEALTHY)
          .as("no automatic failback: an automatic promotion only leaves an UNHEALTHY region")
          .isTrue();
      assertThat(targetHealthy).as("an automatic promotion only targets HEALTHY").isTrue();
      assertThat(SafetyRules.cooldownUntil(baton, topology.policy(), now)).isEmpty();
      assertThat(SafetyRules.flapLimitReached(baton, topology.policy(), now)).isFalse();
      autos.add(now);
      tally.automaticPromotions++;
    } else {
      tally.manualPromotions++;
      tally.forcedPromotions += targetHealthy ? 0 : 1;
    }
    Baton next =
        new Baton(
            p.to(),
            baton.epoch() + 1,
            baton.mode(),
            now,
            p.reason(),
            "p-" + ++promotions,
            autos,
            baton.version() + 1);
    checkBatonMove(baton, next);
    baton = next;
    log("baton -> ", baton.activeRegion(), " epoch ", baton.epoch());
  }

  private void checkBatonMove(Baton before, Baton after) {
    assertThat(after.epoch()).as("epochs only increase").isGreaterThan(before.epoch());
    assertThat(after.activeRegion()).as("the baton is never empty").isNotBlank();
    assertThat(topology.hasRegion(after.activeRegion())).isTrue();
    String holder = holderOfEpoch.putIfAbsent(after.epoch(), after.activeRegion());
    assertThat(holder == null || holder.equals(after.activeRegion()))
        .as(
            "one active region per epoch: epoch %s held by %s and %s",
            after.epoch(), holder, after.activeRegion())
        .isTrue();
  }

  private void checkAutomaticRequest(
      PromotionRequest.AutoFailover request, Baton baton, Map<String, RegionState> states) {
    assertThat(request.expectedEpoch()).isEqualTo(baton.epoch());
    assertThat(request.from()).isEqualTo(baton.activeRegion());
    assertThat(baton.mode()).isEqualTo(BatonMode.AUTO);
    assertThat(states.get(request.from()).health())
        .as("the evaluator only leaves an UNHEALTHY active region")
        .isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(states.get(request.to()).health())
        .as("the evaluator only targets a HEALTHY region")
        .isEqualTo(RegionHealth.HEALTHY);
    assertThat(request.to())
        .isEqualTo(SafetyRules.bestHealthyTarget(topology, states, request.from()).orElseThrow());
  }

  private void checkTransitionsFollowTheTable(Map<String, RegionState> previous, Evaluation e) {
    for (Map.Entry<String, RegionState> entry : e.regions().entrySet()) {
      RegionState before = previous.get(entry.getKey());
      RegionHealth from = before == null ? RegionHealthMachine.INITIAL : before.health();
      RegionHealth to = entry.getValue().health();
      if (from != to) {
        assertThat(reachableInOneRun(from, to)).as("%s -> %s follows the table", from, to).isTrue();
        assertThat(e.actions(PersistTransition.class))
            .as("every health change is persisted")
            .anyMatch(p -> p.next().region().equals(entry.getKey()) && p.healthChanged());
      }
    }
  }

  private static boolean reachableInOneRun(RegionHealth from, RegionHealth to) {
    Deque<RegionHealth> todo = new ArrayDeque<>(List.of(from));
    List<RegionHealth> seen = new ArrayList<>();
    while (!todo.isEmpty()) {
      RegionHealth s = todo.pop();
      for (HealthTransition t : RegionHealthMachine.TRANSITIONS) {
        if (t.from() == s && !seen.contains(t.to())) {
          if (t.to() == to) {
            return true;
          }
          seen.add(t.to());
          todo.push(t.to());
        }
      }
    }
    return false;
  }

  /**
   * The simulator's own judgement, independent of the evaluator's counting: a region is surely down
   * when none of its agents' latest beats is an up status sent within staleAfter + maxClockSkew by
   * the true clock. The skew term is the tolerance docs/architecture.md grants: freshness is judged
   * on the agent's own sentAt, and a clock up to maxClockSkew ahead is not flagged, so its beat
   * stays fresh that much longer to the monitor (seed 5405475051588589582, sequence 1232, showed
   * this). When every region is surely down, Baton must not act.
   */
  private boolean everyRegionDownByTheAgents() {
    // Every region is down exactly when no agent anywhere is up: one pass, stopping at the first.
    Duration staleAfter = topology.timings().staleAfter().plus(topology.timings().maxClockSkew());
    for (Agent agent : agents) {
      Heartbeat beat = agent.last;
      if (beat != null
          && beat.status().countsAsUp()
          && Duration.between(beat.observedAt(), now).compareTo(staleAfter) <= 0) {
        return false;
      }
    }
    return true;
  }

  /** Keeps the parts, not a string: rendering happens only when a failure shows the trace. */
  private void log(Object... parts) {
    trace.addLast(new TraceLine(now, parts));
    if (trace.size() > 40) {
      trace.removeFirst();
    }
  }

  private record TraceLine(Instant at, Object[] parts) {
    @Override
    public String toString() {
      StringBuilder out =
          new StringBuilder("+" + Durations.format(Duration.between(Fixtures.T0, at)) + " ");
      for (Object part : parts) {
        out.append(part);
      }
      return out.toString();
    }
  }

  /** The last events, for a failure message. */
  String trace() {
    return String.join("\n", trace.stream().map(TraceLine::toString).toList());
  }
}
