package dev.baton.drill.timeline;

import dev.baton.config.DurationText;
import dev.baton.domain.RegionHealth;
import dev.baton.drill.scenario.Expectation;
import dev.baton.drill.scenario.Target;
import dev.baton.drill.scenario.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Checks a scenario's expectations against a drill's events (sorted by time). Before a region's
 * first stored state it counts as HEALTHY, as the monitor's initial state does. Agents' roles and
 * routers' targets are what the drill sampled; before their first sample they are unknown, which
 * meets no expectation.
 */
public final class ExpectationJudge {
  private final List<DrillEvent> events;
  private final Map<String, Integer> instancesByRegion;

  /**
   * @param events the drill's events, sorted by time
   * @param instancesByRegion how many instances each region runs (for {@code agent-fenced REGION})
   */
  public ExpectationJudge(List<DrillEvent> events, Map<String, Integer> instancesByRegion) {
    this.events = List.copyOf(events);
    this.instancesByRegion = Map.copyOf(instancesByRegion);
  }

  /** The verdict on {@code expectation}. */
  public ExpectationResult judge(Expectation expectation) {
    if (expectation instanceof Expectation.ActiveRegion e) {
      return state(
          e, seen(batonChanges(), b -> b.activeRegion(), e.region(), null), "the baton was at");
    }
    if (expectation instanceof Expectation.ModeIs e) {
      return state(
          e, seen(batonChanges(), b -> b.mode().name(), e.mode().name(), null), "the mode was");
    }
    if (expectation instanceof Expectation.RegionHealthIs e) {
      List<DrillEvent.RegionHealthChanged> changes =
          events(DrillEvent.RegionHealthChanged.class).stream()
              .filter(r -> r.region().equals(e.region()))
              .toList();
      return state(
          e,
          seen(changes, r -> r.to().name(), e.health().name(), RegionHealth.HEALTHY.name()),
          e.region() + " was");
    }
    if (expectation instanceof Expectation.AgentsActive e) {
      return state(e, agentsActive(e.region()), e.region() + "'s agents were");
    }
    if (expectation instanceof Expectation.TrafficAt e) {
      return state(e, trafficAt(e.region()), "the routers pointed at");
    }
    if (expectation instanceof Expectation.SingleActive e) {
      return singleActive(e);
    }
    if (expectation instanceof Expectation.AtMostPromotions e) {
      return atMost(e);
    }
    if (expectation instanceof Expectation.PromotionFailedAtStep e) {
      return firstEvent(
          e,
          events(DrillEvent.PromotionStep.class).stream()
              .filter(DrillEvent.PromotionStep::failed)
              .filter(s -> stepMatches(e.step(), s.step()))
              .map(s -> (DrillEvent) s)
              .toList(),
          "no promotion failed at step " + e.step());
    }
    if (expectation instanceof Expectation.PromotionSucceeded e) {
      return firstEvent(
          e,
          events(DrillEvent.PromotionEnded.class).stream()
              .filter(p -> p.status().equalsIgnoreCase("SUCCEEDED"))
              .map(p -> (DrillEvent) p)
              .toList(),
          "no promotion succeeded");
    }
    if (expectation instanceof Expectation.AlarmRaised e) {
      String wanted = normalizeAlarm(e.alarm().name());
      return firstEvent(
          e,
          events(DrillEvent.AlarmRaised.class).stream()
              .filter(a -> normalizeAlarm(a.alarm()).equals(wanted))
              .map(a -> (DrillEvent) a)
              .toList(),
          "alarm " + e.alarm() + " was not raised");
    }
    if (expectation instanceof Expectation.AgentFenced e) {
      return fenced(e);
    }
    throw new IllegalArgumentException("no judge for " + expectation);
  }

  /** Verdicts on every expectation, in order. */
  public List<ExpectationResult> judgeAll(List<Expectation> expectations) {
    return expectations.stream().map(this::judge).toList();
  }

  /**
   * A state as the judge sees it: from {@code at} on (null: from the start), it is {@code value},
   * which is or is not the one wanted.
   */
  private record Seen(Duration at, String value, boolean wanted) {}

  /** The states {@code changes} set, the first one being {@code initial} (null: unknown). */
  private static <E extends DrillEvent> List<Seen> seen(
      List<E> changes, Function<E, String> value, String wanted, String initial) {
    List<Seen> seen = new ArrayList<>();
    seen.add(
        new Seen(null, Objects.requireNonNullElse(initial, "unknown"), wanted.equals(initial)));
    for (E c : changes) {
      String v = value.apply(c);
      seen.add(new Seen(c.at(), v, wanted.equals(v)));
    }
    return List.copyOf(seen);
  }

  /** The longest list of states a verdict spells out; flapping states beyond are counted. */
  private static final int SEEN_SHOWN = 8;

  private ExpectationResult state(
      Expectation.StateExpectation e, List<Seen> states, String seenPrefix) {
    Window w = e.window();
    Seen atStart = states.get(0);
    List<Seen> inside = new ArrayList<>();
    for (Seen change : states.subList(1, states.size())) {
      if (change.at().compareTo(w.from()) <= 0) {
        atStart = change;
      } else if (change.at().compareTo(w.to()) <= 0) {
        inside.add(change);
      }
    }
    List<String> seen = new ArrayList<>();
    seen.add(atStart.value());
    inside.stream()
        .limit(SEEN_SHOWN)
        .forEach(c -> seen.add(c.value() + " (" + millis(c.at()) + ")"));
    String seenText =
        seenPrefix
            + " "
            + String.join(", then ", seen)
            + (inside.size() > SEEN_SHOWN
                ? ", and " + (inside.size() - SEEN_SHOWN) + " more changes"
                : "");
    if (e.throughout()) {
      boolean held = atStart.wanted() && inside.stream().allMatch(Seen::wanted);
      return result(e, held, seenText, held ? w.from() : null);
    }
    if (atStart.wanted()) {
      return result(e, true, seenText, w.from());
    }
    for (Seen c : inside) {
      if (c.wanted()) {
        return result(e, true, seenText, c.at());
      }
    }
    return result(e, false, seenText, null);
  }

  /**
   * The states of {@code region}'s agents, one per sampled instant: wanted when every running agent
   * reports active and one runs.
   */
  private List<Seen> agentsActive(String region) {
    Map<String, String> roles = new TreeMap<>();
    List<Seen> seen = new ArrayList<>();
    seen.add(new Seen(null, "not sampled yet", false));
    for (DrillEvent.AgentRoleChanged r : events(DrillEvent.AgentRoleChanged.class)) {
      if (!r.region().equals(region)) {
        continue;
      }
      roles.put(r.instanceId(), r.to());
      List<String> running =
          roles.values().stream().filter(role -> !role.equals(WorldSample.DOWN)).toList();
      boolean wanted =
          !running.isEmpty() && running.stream().allMatch(role -> role.equals(WorldSample.ACTIVE));
      add(seen, new Seen(r.at(), assignments(roles), wanted));
    }
    return List.copyOf(seen);
  }

  /**
   * The routers' targets, one state per sampled instant: wanted when every one is {@code region}.
   */
  private List<Seen> trafficAt(String region) {
    Map<String, String> targets = new TreeMap<>();
    List<Seen> seen = new ArrayList<>();
    seen.add(new Seen(null, "not sampled yet", false));
    for (DrillEvent.RouterTargetChanged t : events(DrillEvent.RouterTargetChanged.class)) {
      targets.put(t.router(), t.to());
      boolean wanted = targets.values().stream().allMatch(region::equals);
      add(seen, new Seen(t.at(), assignments(targets), wanted));
    }
    return List.copyOf(seen);
  }

  /** Adds {@code s}; changes sampled at the same instant are one state, the last. */
  private static void add(List<Seen> seen, Seen s) {
    Seen last = seen.get(seen.size() - 1);
    if (last.at() != null && last.at().equals(s.at())) {
      seen.set(seen.size() - 1, s);
    } else {
      seen.add(s);
    }
  }

  private static String assignments(Map<String, String> values) {
    return String.join(
        " ", values.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList());
  }

  private ExpectationResult singleActive(Expectation.SingleActive e) {
    Window w = e.window();
    boolean sampled =
        events(DrillEvent.AgentRoleChanged.class).stream()
            .anyMatch(r -> r.at().compareTo(w.to()) <= 0);
    if (!sampled) {
      return result(e, false, "no agent's role was sampled by " + millis(w.to()), null);
    }
    List<WorldHistory.Span> dual = new ArrayList<>();
    for (WorldHistory.Span s : WorldHistory.of(events, w.to()).dualActive()) {
      if (s.to().compareTo(w.from()) > 0) {
        Duration from = s.from().compareTo(w.from()) < 0 ? w.from() : s.from();
        dual.add(new WorldHistory.Span(from, s.to(), s.activeRegions()));
      }
    }
    if (dual.isEmpty()) {
      return result(e, true, "at no instant did agents of two regions report active", null);
    }
    WorldHistory.Span first = dual.get(0);
    String detail =
        String.join(" and ", first.activeRegions())
            + " reported active at once from "
            + millis(first.from())
            + "; dual-active "
            + WorldHistory.total(dual).toMillis()
            + " ms in the window"
            + (dual.size() == 1
                ? ""
                : " ("
                    + dual.size()
                    + " spans, the longest "
                    + WorldHistory.longest(dual).toMillis()
                    + " ms)");
    return result(e, false, detail, null);
  }

  private ExpectationResult atMost(Expectation.AtMostPromotions e) {
    List<DrillEvent.BatonChanged> handOvers = new ArrayList<>();
    String holder = null;
    for (DrillEvent.BatonChanged b : batonChanges()) {
      if (holder != null && !holder.equals(b.activeRegion()) && e.window().contains(b.at())) {
        handOvers.add(b);
      }
      holder = b.activeRegion();
    }
    String detail =
        handOvers.isEmpty()
            ? "the baton did not move"
            : "the baton moved "
                + handOvers.size()
                + (handOvers.size() == 1 ? " time: " : " times: ")
                + String.join(
                    ", ",
                    handOvers.stream()
                        .map(
                            b ->
                                "to "
                                    + b.activeRegion()
                                    + " at "
                                    + millis(b.at())
                                    + " (epoch "
                                    + b.epoch()
                                    + ")")
                        .toList());
    return result(e, handOvers.size() <= e.max(), detail, null);
  }

  private ExpectationResult firstEvent(Expectation e, List<DrillEvent> candidates, String missing) {
    for (DrillEvent c : candidates) {
      if (e.window().contains(c.at())) {
        return result(e, true, c.summary() + " at " + millis(c.at()), c.at());
      }
    }
    String outside =
        candidates.isEmpty()
            ? ""
            : " in the window (it happened at "
                + String.join(", ", candidates.stream().map(c -> millis(c.at())).toList())
                + ")";
    return result(e, false, missing + outside, null);
  }

  private ExpectationResult fenced(Expectation.AgentFenced e) {
    Target t = e.target();
    int count = t.instance() == 0 ? instancesByRegion.getOrDefault(t.region(), 0) : 1;
    Set<String> wanted = new HashSet<>();
    for (int n = 1; n <= instancesByRegion.getOrDefault(t.region(), 0); n++) {
      if (t.covers(t.region(), n)) {
        wanted.add(Target.instanceId(t.region(), n));
      }
    }
    Set<String> fenced = new HashSet<>();
    Duration last = null;
    for (DrillEvent.AgentFence f : events(DrillEvent.AgentFence.class)) {
      if (f.fenced() && wanted.contains(f.instanceId()) && e.window().contains(f.at())) {
        if (fenced.add(f.instanceId())) {
          last = f.at();
        }
      }
    }
    boolean passed = count > 0 && fenced.size() == count;
    String detail =
        fenced.size()
            + " of "
            + count
            + " agent(s) of "
            + t
            + " fenced themselves"
            + (last == null ? "" : ", the last at " + millis(last));
    return result(e, passed, detail, passed ? last : null);
  }

  /**
   * Whether the saga's step {@code actual} is the scenario's {@code wanted}: {@code shift-traffic}
   * and {@code verify} cover every router's step ({@code shift:do-global-lb}, ...); {@code any}
   * covers every step.
   */
  static boolean stepMatches(String wanted, String actual) {
    if (wanted.equals("any")) {
      return true;
    }
    if (wanted.equals("shift-traffic")) {
      return Measurements.isTrafficShift(actual);
    }
    return actual.equals(wanted) || actual.startsWith(wanted + ":");
  }

  private List<DrillEvent.BatonChanged> batonChanges() {
    return events(DrillEvent.BatonChanged.class);
  }

  private <E extends DrillEvent> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static String normalizeAlarm(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }

  private static ExpectationResult result(
      Expectation e, boolean passed, String detail, Duration metAt) {
    return new ExpectationResult(e.text(), e.window().toString(), passed, detail, metAt);
  }

  /** A time of the run as people read it: to the millisecond (real-time drills measure nanos). */
  private static String millis(java.time.Duration d) {
    return DurationText.format(d.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }
}
