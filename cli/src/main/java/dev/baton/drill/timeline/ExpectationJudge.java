package dev.baton.drill.timeline;

import dev.baton.domain.RegionHealth;
import dev.baton.drill.scenario.DurationText;
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
import java.util.function.Function;

/**
 * Checks a scenario's expectations against a drill's events (sorted by time). Before a region's
 * first stored state it counts as HEALTHY, as the monitor's initial state does.
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
      return state(e, batonChanges(), b -> b.activeRegion(), e.region(), null, "the baton was at");
    }
    if (expectation instanceof Expectation.ModeIs e) {
      return state(e, batonChanges(), b -> b.mode().name(), e.mode().name(), null, "the mode was");
    }
    if (expectation instanceof Expectation.RegionHealthIs e) {
      List<DrillEvent.RegionHealthChanged> changes =
          events(DrillEvent.RegionHealthChanged.class).stream()
              .filter(r -> r.region().equals(e.region()))
              .toList();
      return state(
          e,
          changes,
          r -> r.to().name(),
          e.health().name(),
          RegionHealth.HEALTHY.name(),
          e.region() + " was");
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

  private <E extends DrillEvent> ExpectationResult state(
      Expectation.StateExpectation e,
      List<E> changes,
      Function<E, String> value,
      String wanted,
      String initial,
      String seenPrefix) {
    Window w = e.window();
    String atStart = initial;
    List<E> inside = new ArrayList<>();
    for (E change : changes) {
      if (change.at().compareTo(w.from()) <= 0) {
        atStart = value.apply(change);
      } else if (change.at().compareTo(w.to()) <= 0) {
        inside.add(change);
      }
    }
    List<String> seen = new ArrayList<>();
    seen.add(Objects.requireNonNullElse(atStart, "unknown"));
    inside.forEach(c -> seen.add(value.apply(c) + " (" + DurationText.format(c.at()) + ")"));
    String seenText = seenPrefix + " " + String.join(", then ", seen);
    if (e.throughout()) {
      boolean held =
          wanted.equals(atStart) && inside.stream().allMatch(c -> wanted.equals(value.apply(c)));
      return result(e, held, seenText, held ? w.from() : null);
    }
    if (wanted.equals(atStart)) {
      return result(e, true, seenText, w.from());
    }
    for (E c : inside) {
      if (wanted.equals(value.apply(c))) {
        return result(e, true, seenText, c.at());
      }
    }
    return result(e, false, seenText, null);
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
                                    + DurationText.format(b.at())
                                    + " (epoch "
                                    + b.epoch()
                                    + ")")
                        .toList());
    return result(e, handOvers.size() <= e.max(), detail, null);
  }

  private ExpectationResult firstEvent(Expectation e, List<DrillEvent> candidates, String missing) {
    for (DrillEvent c : candidates) {
      if (e.window().contains(c.at())) {
        return result(e, true, c.summary() + " at " + DurationText.format(c.at()), c.at());
      }
    }
    String outside =
        candidates.isEmpty()
            ? ""
            : " in the window (it happened at "
                + String.join(
                    ", ", candidates.stream().map(c -> DurationText.format(c.at())).toList())
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
            + (last == null ? "" : ", the last at " + DurationText.format(last));
    return result(e, passed, detail, passed ? last : null);
  }

  /**
   * Whether the saga's step {@code actual} is the scenario's {@code wanted}: {@code shift-traffic}
   * and {@code verify} cover every router's step ({@code shift:do-global-lb}, ...).
   */
  static boolean stepMatches(String wanted, String actual) {
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
}
