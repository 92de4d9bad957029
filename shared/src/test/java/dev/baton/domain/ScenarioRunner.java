package dev.baton.domain;

import dev.baton.domain.Action.FreezeBaton;
import dev.baton.domain.Action.PersistTransition;
import dev.baton.domain.Action.RaiseAlarm;
import dev.baton.domain.Action.RequestPromotion;
import dev.baton.domain.PromotionDecision.Proceed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plays one scenario transcript: a tiny fleet of simulated agents, the evaluator, the region state
 * store and a simulated baton moved the way the promotion saga moves it (decide with {@link
 * PromotionRules}, then claim epoch + 1). Each command returns the lines it printed. The language
 * is documented in {@code docs/testing.md}.
 */
final class ScenarioRunner {
  private static final Instant T0 = Fixtures.T0;

  /** A simulated agent: what it reports, whether it still beats, how wrong its clock is. */
  private static final class Agent {
    HeartbeatStatus status;
    boolean running = true;
    Duration skew = Duration.ZERO;
    long seq;
  }

  private Topology topology = Fixtures.topology("nyc1", "ams3");
  private Evaluator evaluator = new Evaluator(topology);
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private FleetView fleet = new FleetView();
  private final Map<String, RegionState> store = new HashMap<>();
  private Map<String, RegionState> memory = new HashMap<>();
  private Baton baton;
  private Instant now = T0;
  private Instant monitorStartedAt = T0.minus(Duration.ofHours(1));
  private Set<Alarm> lastAlarms = Set.of();
  private int promotions;

  List<String> run(String command) {
    String[] words = command.trim().split("\\s+");
    Map<String, String> options = options(words);
    List<String> out = new ArrayList<>();
    switch (words[0]) {
      case "topology" -> topology(words, options);
      case "baton" ->
          baton =
              new Baton(
                  words[1],
                  Long.parseLong(options.getOrDefault("epoch", "1")),
                  BatonMode.valueOf(options.getOrDefault("mode", "AUTO")),
                  now,
                  "scenario start",
                  null,
                  List.of(),
                  1);
      case "agent" -> {
        for (String key : instances(words[1])) {
          Agent agent = agents.computeIfAbsent(key, k -> new Agent());
          agent.status = HeartbeatStatus.valueOf(words[2]);
          agent.running = true;
        }
      }
      case "silence" -> matching(words[1]).forEach(a -> a.running = false);
      case "skew" -> matching(words[1]).forEach(a -> a.skew = duration(words[2]));
      case "beat" -> {
        for (String key : instances(words[1])) {
          Agent agent = agents.computeIfAbsent(key, k -> new Agent());
          agent.status = HeartbeatStatus.valueOf(words[2]);
          beat(key, agent);
        }
      }
      case "tick" -> now = now.plus(duration(words[1]));
      case "run" -> run(duration(words[1]), out);
      case "evaluate" -> evaluate(out, true);
      case "restart-monitor" -> {
        fleet = new FleetView();
        memory = new HashMap<>(store);
        monitorStartedAt = now;
        out.add(stamp() + "monitor restarted: empty view, states from the store");
      }
      case "request" -> request(words, options, out);
      case "states" -> states(out);
      default -> throw new IllegalArgumentException("unknown command: " + command);
    }
    return out;
  }

  private void topology(String[] words, Map<String, String> o) {
    List<String> regions = new ArrayList<>();
    for (int i = 1; i < words.length && !words[i].contains("="); i++) {
      regions.add(words[i]);
    }
    Timings d = Timings.DEFAULTS;
    Timings timings =
        new Timings(
            dur(o, "heartbeatInterval", d.heartbeatInterval()),
            dur(o, "staleAfter", d.staleAfter()),
            dur(o, "failAfter", d.failAfter()),
            dur(o, "recoverAfter", d.recoverAfter()),
            dur(o, "startupGrace", d.startupGrace()),
            dur(o, "membershipWindow", d.membershipWindow()),
            dur(o, "maxClockSkew", d.maxClockSkew()));
    FailoverPolicy p = FailoverPolicy.DEFAULTS;
    FailoverPolicy policy =
        new FailoverPolicy(
            o.containsKey("quorum") ? Double.valueOf(o.get("quorum")) : p.quorum(),
            dur(o, "minAutoPromotionGap", p.minAutoPromotionGap()),
            Integer.parseInt(
                o.getOrDefault("maxAutoPromotions", String.valueOf(p.maxAutoPromotions()))),
            dur(o, "flapWindow", p.flapWindow()));
    topology = Fixtures.topology(timings, policy, regions.toArray(String[]::new));
    evaluator = new Evaluator(topology);
  }

  private void run(Duration length, List<String> out) {
    Duration step = topology.timings().heartbeatInterval();
    Instant end = now.plus(length);
    while (now.plus(step).compareTo(end) <= 0) {
      now = now.plus(step);
      boolean beat = false;
      for (Map.Entry<String, Agent> e : agents.entrySet()) {
        if (e.getValue().running) {
          beat(e.getKey(), e.getValue());
          beat = true;
        }
      }
      // Beats trigger the stream function; with none, only the minute sweeper evaluates.
      if (beat || Duration.between(T0, now).toSeconds() % 60 == 0) {
        evaluate(out, false);
      }
    }
    now = end;
  }

  private void beat(String key, Agent agent) {
    String[] parts = key.split("/");
    agent.seq++;
    fleet.apply(
        new Heartbeat(
            parts[0],
            parts[1],
            agent.status,
            agent.seq,
            now.plus(agent.skew),
            Map.of(),
            "scenario",
            now));
  }

  private void evaluate(List<String> out, boolean verbose) {
    Evaluation e = evaluator.evaluate(fleet, memory, baton, now, monitorStartedAt);
    memory = new HashMap<>(e.regions());
    Set<Alarm> alarms = new HashSet<>();
    for (Action action : e.actions()) {
      if (action instanceof PersistTransition p) {
        RegionState stored = p.next().withVersion(p.next().version() + 1);
        store.put(stored.region(), stored);
        memory.put(stored.region(), stored);
        if (p.healthChanged()) {
          out.add(
              stamp()
                  + p.previous().region()
                  + " "
                  + p.previous().health()
                  + " -> "
                  + p.next().health()
                  + ": "
                  + p.reason());
        }
      } else if (action instanceof RaiseAlarm a) {
        alarms.add(a.alarm());
        if (verbose || !lastAlarms.contains(a.alarm())) {
          out.add(stamp() + "alarm " + a.alarm() + ": " + a.reason());
        }
      } else if (action instanceof RequestPromotion r) {
        out.add(
            stamp()
                + "request failover "
                + r.request().from()
                + " -> "
                + r.request().to()
                + " at epoch "
                + r.request().expectedEpoch()
                + ": "
                + r.reason());
        decide(r.request(), out);
      } else if (action instanceof FreezeBaton f) {
        out.add(stamp() + "freeze at epoch " + f.expectedEpoch() + ": " + f.reason());
        decide(new PromotionRequest.Freeze("baton:flap-limit", f.reason(), false), out);
      }
    }
    lastAlarms = alarms;
    if (verbose) {
      if (e.actions().stream()
          .noneMatch(a -> !(a instanceof PersistTransition p) || p.healthChanged())) {
        out.add(stamp() + "no action: " + e.summary());
      }
    }
  }

  private void request(String[] words, Map<String, String> o, List<String> out) {
    String by = o.getOrDefault("by", "alice");
    PromotionRequest request =
        switch (words[1]) {
          case "failback", "switchover" ->
              new PromotionRequest.Manual(
                  words[1].equals("failback") ? PromotionKind.FAILBACK : PromotionKind.SWITCHOVER,
                  words[2],
                  List.of(words).contains("force"),
                  o.containsKey("expectedEpoch") ? Long.valueOf(o.get("expectedEpoch")) : null,
                  by,
                  "scenario",
                  false);
          case "failover" ->
              new PromotionRequest.AutoFailover(
                  words[2],
                  words[3],
                  Long.parseLong(o.get("expectedEpoch")),
                  List.of(),
                  by,
                  "scenario",
                  false);
          case "freeze" -> new PromotionRequest.Freeze(by, "scenario", false);
          case "unfreeze" -> new PromotionRequest.Unfreeze(by, "scenario", false);
          default -> throw new IllegalArgumentException("unknown request " + words[1]);
        };
    out.add(stamp() + "request " + String.join(" ", List.of(words).subList(1, words.length)));
    decide(request, out);
  }

  /** What the promotion saga would do: decide, then claim the baton (epoch + 1) or set the mode. */
  private void decide(PromotionRequest request, List<String> out) {
    PromotionDecision d = PromotionRules.decide(request, baton, memory, topology, now);
    if (d instanceof Proceed p && p.movesBaton()) {
      List<Instant> autos = new ArrayList<>(baton.autoPromotions());
      if (p.kind() == PromotionKind.AUTO_FAILOVER) {
        autos.add(now);
      }
      baton =
          new Baton(
              p.to(),
              baton.epoch() + 1,
              baton.mode(),
              now,
              p.reason(),
              "p-" + ++promotions,
              autos,
              baton.version() + 1);
      out.add(stamp() + "baton -> " + p.to() + " at epoch " + baton.epoch() + ": " + p.reason());
    } else if (d instanceof Proceed p) {
      BatonMode mode =
          request instanceof PromotionRequest.Freeze ? BatonMode.FROZEN : BatonMode.AUTO;
      // Unfreeze acknowledges the flap limit: the count restarts (see PromotionRules).
      baton =
          new Baton(
              baton.activeRegion(),
              baton.epoch(),
              mode,
              now,
              p.reason(),
              baton.promotionId(),
              mode == BatonMode.AUTO ? List.of() : baton.autoPromotions(),
              baton.version() + 1);
      out.add(stamp() + "baton " + mode + ": " + p.reason());
    } else if (d instanceof PromotionDecision.Rejected r) {
      out.add(stamp() + "rejected: " + r.reason());
    } else {
      out.add(stamp() + d.reason());
    }
  }

  private void states(List<String> out) {
    for (String region : topology.regionNamesByPriority()) {
      RegionState s = memory.get(region);
      out.add(
          region
              + " "
              + (s == null
                  ? "(never judged)"
                  : s.health() + " " + s.healthyInstances() + "/" + s.expectedInstances()));
    }
    out.add("baton " + baton.activeRegion() + " epoch " + baton.epoch() + " " + baton.mode());
  }

  private String stamp() {
    return "+" + Durations.format(Duration.between(T0, now)) + " ";
  }

  private List<Agent> matching(String selector) {
    List<Agent> found = new ArrayList<>();
    Set<String> keys = new HashSet<>(selector.contains("/") ? instances(selector) : List.of());
    agents.forEach(
        (key, agent) -> {
          if (keys.contains(key) || key.startsWith(selector + "/")) {
            found.add(agent);
          }
        });
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no agent matches " + selector);
    }
    return found;
  }

  /** {@code nyc1/i-1,i-2} -> {@code [nyc1/i-1, nyc1/i-2]}. */
  private static List<String> instances(String spec) {
    String[] parts = spec.split("/");
    List<String> keys = new ArrayList<>();
    for (String id : parts[1].split(",")) {
      keys.add(parts[0] + "/" + id);
    }
    return keys;
  }

  private static Map<String, String> options(String[] words) {
    Map<String, String> options = new HashMap<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        options.put(w.substring(0, eq), w.substring(eq + 1));
      }
    }
    return options;
  }

  private static Duration dur(Map<String, String> o, String key, Duration fallback) {
    return o.containsKey(key) ? duration(o.get(key)) : fallback;
  }

  /** {@code 5s}, {@code 2m}, {@code 1h}, {@code -30s}, {@code 500ms}. */
  static Duration duration(String text) {
    boolean negative = text.startsWith("-");
    String t = negative ? text.substring(1) : text;
    Duration d;
    if (t.endsWith("ms")) {
      d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    } else {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      d =
          switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("bad duration " + text);
          };
    }
    return negative ? d.negated() : d;
  }
}
