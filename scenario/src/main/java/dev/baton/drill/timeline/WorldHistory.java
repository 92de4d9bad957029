package dev.baton.drill.timeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The sampled world over a drill, replayed from the role, traffic and baton events: a list of
 * stretches of constant state, each from one change to the next. Pure: events in, stretches out.
 */
public final class WorldHistory {
  private final List<Stretch> stretches;

  private WorldHistory(List<Stretch> stretches) {
    this.stretches = List.copyOf(stretches);
  }

  /**
   * What the world was between two changes: from {@code from} (inclusive) to {@code to}
   * (exclusive).
   *
   * @param roles by instance id, its region and last reported role (instances not sampled yet are
   *     absent)
   * @param routers by router, its last sampled target
   * @param batonHolder the region holding the baton, or null before the first baton change
   */
  public record Stretch(
      Duration from,
      Duration to,
      Map<String, WorldSample.AgentRole> roles,
      Map<String, String> routers,
      String batonHolder) {
    public Stretch {
      roles = Map.copyOf(roles);
      routers = Map.copyOf(routers);
    }

    /** How long it lasted. */
    public Duration length() {
      return to.minus(from);
    }

    /** The regions with at least one running agent reporting {@code active}, sorted. */
    public Set<String> activeRegions() {
      Set<String> regions = new TreeSet<>();
      roles.values().stream()
          .filter(r -> r.role().equals(WorldSample.ACTIVE))
          .forEach(r -> regions.add(r.region()));
      return regions;
    }

    /** Whether running agents of two or more regions reported {@code active}. */
    public boolean dualActive() {
      return activeRegions().size() >= 2;
    }

    /**
     * Whether a router's target differed from the baton's holder ({@code ?} counts); false while
     * the holder or every router is still unknown.
     */
    public boolean trafficMismatch() {
      return batonHolder != null
          && routers.values().stream().anyMatch(target -> !target.equals(batonHolder));
    }
  }

  /**
   * A maximal span over which a condition held: consecutive stretches merged.
   *
   * @param activeRegions every region with an active agent at some time of the span
   */
  public record Span(Duration from, Duration to, Set<String> activeRegions) {
    public Span {
      activeRegions = Collections.unmodifiableSet(new TreeSet<>(activeRegions));
    }

    public Duration length() {
      return to.minus(from);
    }
  }

  /**
   * Replays {@code events} (sorted by time) up to {@code end}, the drill's end: the last state
   * lasts until then. Events at the same instant apply together; events after {@code end} are
   * ignored.
   */
  public static WorldHistory of(List<DrillEvent> events, Duration end) {
    Map<String, WorldSample.AgentRole> roles = new HashMap<>();
    Map<String, String> routers = new HashMap<>();
    String holder = null;
    List<Stretch> stretches = new ArrayList<>();
    Duration from = null;
    for (DrillEvent e : events) {
      if (!(e instanceof DrillEvent.AgentRoleChanged
          || e instanceof DrillEvent.RouterTargetChanged
          || e instanceof DrillEvent.BatonChanged)) {
        continue;
      }
      if (e.at().compareTo(end) > 0) {
        break;
      }
      if (from != null && e.at().compareTo(from) > 0) {
        stretches.add(new Stretch(from, e.at(), roles, routers, holder));
      }
      if (from == null || e.at().compareTo(from) > 0) {
        from = e.at();
      }
      if (e instanceof DrillEvent.AgentRoleChanged r) {
        roles.put(r.instanceId(), new WorldSample.AgentRole(r.region(), r.to()));
      } else if (e instanceof DrillEvent.RouterTargetChanged t) {
        routers.put(t.router(), t.to());
      } else if (e instanceof DrillEvent.BatonChanged b) {
        holder = b.activeRegion();
      }
    }
    if (from != null && end.compareTo(from) > 0) {
      stretches.add(new Stretch(from, end, roles, routers, holder));
    }
    return new WorldHistory(stretches);
  }

  /** Every stretch, by time. */
  public List<Stretch> stretches() {
    return stretches;
  }

  /** The spans during which running agents of two or more regions reported active. */
  public List<Span> dualActive() {
    return spans(Stretch::dualActive);
  }

  /**
   * The spans during which no running agent reported active, from the first instant one did (the
   * drill's start, before the agents' first decision, is not an outage).
   */
  public List<Span> noActive() {
    Duration firstActive =
        stretches.stream()
            .filter(s -> !s.activeRegions().isEmpty())
            .map(Stretch::from)
            .findFirst()
            .orElse(null);
    if (firstActive == null) {
      return List.of();
    }
    return spans(s -> s.from().compareTo(firstActive) >= 0 && s.activeRegions().isEmpty());
  }

  /** The spans during which a router's target differed from the baton's holder. */
  public List<Span> trafficMismatch() {
    return spans(Stretch::trafficMismatch);
  }

  /** The sum of the spans' lengths. */
  public static Duration total(List<Span> spans) {
    return spans.stream().map(Span::length).reduce(Duration.ZERO, Duration::plus);
  }

  /** The longest span's length, zero when none. */
  public static Duration longest(List<Span> spans) {
    return spans.stream().map(Span::length).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  private List<Span> spans(Predicate<Stretch> holds) {
    List<Span> spans = new ArrayList<>();
    Span open = null;
    for (Stretch s : stretches) {
      if (!holds.test(s)) {
        if (open != null) {
          spans.add(open);
          open = null;
        }
      } else if (open == null) {
        open = new Span(s.from(), s.to(), s.activeRegions());
      } else {
        Set<String> regions = new TreeSet<>(open.activeRegions());
        regions.addAll(s.activeRegions());
        open = new Span(open.from(), s.to(), regions);
      }
    }
    if (open != null) {
      spans.add(open);
    }
    return spans;
  }
}
