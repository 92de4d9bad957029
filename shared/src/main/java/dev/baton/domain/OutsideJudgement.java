package dev.baton.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges every region from outside at one instant (docs/decisions/0023). A pure function of the
 * fleet view (the agents' beats, each carrying its probes of the other regions, and the monitors'
 * own probe rounds), the topology and now.
 *
 * <p>Rules:
 *
 * <ol>
 *   <li>A probe counts while it is fresh: its beat (or the monitor's round) is at most {@code
 *       staleAfter} old, on the census's clock ({@link RegionCensus#seenAt}). Only regions with a
 *       {@code healthUrl} are judged; a region's own agents never judge it.
 *   <li>A perspective's verdict on a region is the strict majority of its probers: UP, DOWN, or
 *       UNKNOWN on a split.
 *   <li>A perspective that sees every region it probes down while another perspective sees one of
 *       those regions up is suspect: its own egress is the likelier fault. It is left out of every
 *       judgement and raises {@link Alarm#PERSPECTIVE_SUSPECT}.
 *   <li>A region is DOWN when at least two counted perspectives, and a strict majority of them, see
 *       it down (one perspective alone never fails a region over); UP when a strict majority sees
 *       it up; else UNKNOWN. Counted: not suspect, with a verdict other than UNKNOWN.
 *   <li>A DOWN region is down since the instant its deciding majority had seen it down, from the
 *       probers' own {@link OutsideProbe#downSince}, so the time does not move while the failure
 *       lasts.
 * </ol>
 */
public final class OutsideJudgement {

  /** A perspective left out, with the regions it sees down and who sees them up. */
  public record Suspect(String perspective, String reason) {}

  private final Map<String, OutsideView> views;
  private final List<Suspect> suspects;
  private final boolean enabled;

  private OutsideJudgement(
      Map<String, OutsideView> views, List<Suspect> suspects, boolean enabled) {
    this.views = views;
    this.suspects = suspects;
    this.enabled = enabled;
  }

  /**
   * One perspective's fresh probes of one target, on the census clock: how many probers, how many
   * failed, since when each failing one failed, and the first failure's detail.
   */
  private static final class Tally {
    int probers;
    List<Instant> failingSince = List.of();
    String detail = "";

    void add(OutsideProbe probe) {
      probers++;
      if (!probe.ok()) {
        if (failingSince.isEmpty()) {
          failingSince = new ArrayList<>(4);
          detail = probe.detail();
        }
        failingSince.add(probe.downSince());
      }
    }
  }

  public static OutsideJudgement judge(FleetView fleet, Topology topology, Instant now) {
    Timings timings = topology.timings();
    Set<String> judged = new LinkedHashSet<>();
    for (RegionConfig r : topology.regions()) {
      if (r.healthUrl() != null && !r.healthUrl().isBlank()) {
        judged.add(r.name());
      }
    }
    Map<String, OutsideView> views = new LinkedHashMap<>();
    if (judged.isEmpty()) {
      for (String region : topology.regionNamesByPriority()) {
        views.put(region, OutsideView.insideOnly(region));
      }
      return new OutsideJudgement(views, List.of(), false);
    }
    // target -> perspective -> its probers' latest probes, tallied
    Map<String, Map<String, Tally>> byTarget = new HashMap<>();
    for (Heartbeat beat : fleet.all()) {
      if (beat.outside().isEmpty() || beat.status() == HeartbeatStatus.STALE) {
        continue;
      }
      Instant seenAt = RegionCensus.seenAt(beat, timings.maxClockSkew());
      if (Duration.between(seenAt, now).compareTo(timings.staleAfter()) > 0) {
        continue;
      }
      // A skewed agent's times move with its observedAt, as in the census.
      Duration shift = Duration.between(beat.sentAt(), seenAt);
      beat.outside()
          .forEach(
              (target, probe) -> {
                if (!judged.contains(target) || target.equals(beat.region())) {
                  return;
                }
                OutsideProbe onCensusClock =
                    probe.ok()
                        ? probe
                        : OutsideProbe.down(
                            probe.detail(), cap(probe.downSince().plus(shift), now));
                add(byTarget, target, beat.region(), onCensusClock);
              });
    }
    for (OutsideReport report : fleet.outsideReports()) {
      if (Duration.between(report.probedAt(), now).compareTo(timings.staleAfter()) > 0) {
        continue;
      }
      report
          .results()
          .forEach(
              (target, probe) -> {
                if (judged.contains(target)) {
                  OutsideProbe capped =
                      probe.ok()
                          ? probe
                          : OutsideProbe.down(probe.detail(), cap(probe.downSince(), now));
                  add(byTarget, target, report.perspective(), capped);
                }
              });
    }

    // Each perspective's verdict on each target.
    Map<String, Map<String, PerspectiveView>> verdicts = new TreeMap<>();
    byTarget.forEach(
        (target, perspectives) ->
            perspectives.forEach(
                (perspective, tally) ->
                    verdicts
                        .computeIfAbsent(target, t -> new TreeMap<>())
                        .put(perspective, perspectiveVerdict(perspective, tally))));

    // Suspects: every verdict DOWN (or undecided) and none UP, while someone else sees one up.
    Map<String, List<String>> seenDownBy = new HashMap<>();
    Map<String, Boolean> seesSomethingUp = new HashMap<>();
    verdicts.forEach(
        (target, perspectives) ->
            perspectives.forEach(
                (perspective, view) -> {
                  if (view.verdict() == OutsideVerdict.UP) {
                    seesSomethingUp.put(perspective, true);
                  } else {
                    seesSomethingUp.putIfAbsent(perspective, false);
                    if (view.verdict() == OutsideVerdict.DOWN) {
                      seenDownBy.computeIfAbsent(perspective, p -> new ArrayList<>()).add(target);
                    }
                  }
                }));
    List<Suspect> suspects = new ArrayList<>();
    Set<String> suspected = new LinkedHashSet<>();
    for (Map.Entry<String, Boolean> e : new TreeMap<>(seesSomethingUp).entrySet()) {
      String perspective = e.getKey();
      List<String> down = seenDownBy.getOrDefault(perspective, List.of());
      if (e.getValue() || down.isEmpty()) {
        continue;
      }
      List<String> contradicted = new ArrayList<>();
      for (String target : down) {
        verdicts.get(target).values().stream()
            .filter(v -> !v.perspective().equals(perspective) && v.verdict() == OutsideVerdict.UP)
            .map(PerspectiveView::perspective)
            .findFirst()
            .ifPresent(up -> contradicted.add(target + " (up for " + up + ")"));
      }
      if (!contradicted.isEmpty()) {
        suspected.add(perspective);
        suspects.add(
            new Suspect(
                perspective,
                "perspective "
                    + perspective
                    + " sees every region it probes down ("
                    + String.join(", ", down)
                    + ") while others see "
                    + String.join(", ", contradicted)
                    + ": its own egress or network is the likelier fault, so it is left out of"
                    + " the outside view; not failing anyone over on its word."));
      }
    }

    for (String region : topology.regionNamesByPriority()) {
      if (!judged.contains(region)) {
        views.put(region, OutsideView.insideOnly(region));
        continue;
      }
      List<PerspectiveView> perspectives = new ArrayList<>();
      verdicts
          .getOrDefault(region, Map.of())
          .values()
          .forEach(
              v ->
                  perspectives.add(
                      suspected.contains(v.perspective())
                          ? new PerspectiveView(
                              v.perspective(),
                              v.verdict(),
                              v.failing(),
                              v.probers(),
                              v.downSince(),
                              true,
                              v.detail())
                          : v));
      views.put(region, regionView(region, perspectives));
    }
    return new OutsideJudgement(views, List.copyOf(suspects), true);
  }

  private static void add(
      Map<String, Map<String, Tally>> byTarget,
      String target,
      String perspective,
      OutsideProbe probe) {
    byTarget
        .computeIfAbsent(target, t -> new HashMap<>())
        .computeIfAbsent(perspective, p -> new Tally())
        .add(probe);
  }

  private static PerspectiveView perspectiveVerdict(String perspective, Tally tally) {
    int probers = tally.probers;
    int failing = tally.failingSince.size();
    OutsideVerdict verdict;
    Instant downSince = null;
    if (failing * 2 > probers) {
      verdict = OutsideVerdict.DOWN;
      List<Instant> since = new ArrayList<>(tally.failingSince);
      since.sort(Comparator.naturalOrder());
      downSince = since.get(probers / 2);
    } else if ((probers - failing) * 2 > probers) {
      verdict = OutsideVerdict.UP;
    } else {
      verdict = OutsideVerdict.UNKNOWN;
    }
    return new PerspectiveView(
        perspective, verdict, failing, probers, downSince, false, tally.detail);
  }

  private static OutsideView regionView(String region, List<PerspectiveView> perspectives) {
    List<Instant> downSince = new ArrayList<>();
    int counted = 0;
    for (PerspectiveView p : perspectives) {
      if (p.suspect() || p.verdict() == OutsideVerdict.UNKNOWN) {
        continue;
      }
      counted++;
      if (p.verdict() == OutsideVerdict.DOWN) {
        downSince.add(p.downSince());
      }
    }
    int down = downSince.size();
    if (down >= 2 && down * 2 > counted) {
      downSince.sort(Comparator.naturalOrder());
      return new OutsideView(region, OutsideVerdict.DOWN, perspectives, downSince.get(counted / 2));
    }
    if ((counted - down) * 2 > counted) {
      return new OutsideView(region, OutsideVerdict.UP, perspectives, null);
    }
    return new OutsideView(region, OutsideVerdict.UNKNOWN, perspectives, null);
  }

  private static Instant cap(Instant t, Instant now) {
    return t.isAfter(now) ? now : t;
  }

  /** The outside view of {@code region}; INSIDE_ONLY for a region the topology does not know. */
  public OutsideView of(String region) {
    OutsideView view = views.get(region);
    return view != null ? view : OutsideView.insideOnly(region);
  }

  /** Perspectives left out as suspect, in name order. */
  public List<Suspect> suspects() {
    return suspects;
  }

  /** Whether any region has a public health URL: without one, nothing is judged from outside. */
  public boolean enabled() {
    return enabled;
  }
}
