package dev.baton.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's view of every instance: the latest heartbeat of each, by sequence number.
 * Heartbeats arrive at least once and sometimes out of order; only a beat with a higher {@code seq}
 * than the one held replaces it.
 *
 * <p>Mutable and not thread-safe: one per handler instance, fed from one stream shard at a time.
 */
public final class FleetView {

  /** What applying one heartbeat did. */
  public enum ApplyResult {
    /** The beat is the newest for its instance and replaced the previous one. */
    APPLIED,
    /** The same seq was already held: a redelivery. */
    DUPLICATE,
    /** A newer seq was already held: the record arrived late. */
    OUT_OF_ORDER
  }

  private final Map<String, Map<String, Heartbeat>> byRegion = new HashMap<>();
  private final Map<String, OutsideReport> outside = new LinkedHashMap<>();

  /** An empty view (a cold monitor). */
  public FleetView() {}

  /** A view holding the given beats (the newest of each instance wins). */
  public static FleetView of(Collection<Heartbeat> beats) {
    FleetView view = new FleetView();
    beats.forEach(view::apply);
    return view;
  }

  /** Applies one heartbeat if it is newer than the one held for its instance. */
  public ApplyResult apply(Heartbeat beat) {
    Map<String, Heartbeat> instances =
        byRegion.computeIfAbsent(beat.region(), r -> new LinkedHashMap<>());
    Heartbeat held = instances.get(beat.instanceId());
    if (held != null) {
      if (held.seq() == beat.seq()) {
        return ApplyResult.DUPLICATE;
      }
      if (held.seq() > beat.seq()) {
        return ApplyResult.OUT_OF_ORDER;
      }
    }
    instances.put(beat.instanceId(), beat);
    return ApplyResult.APPLIED;
  }

  /** The latest beat held for the instance, or null. */
  public Heartbeat latest(String region, String instanceId) {
    Map<String, Heartbeat> instances = byRegion.get(region);
    return instances == null ? null : instances.get(instanceId);
  }

  /** Adds {@code beat} if no beat of its instance is held; a held one is never replaced. */
  public void applyIfAbsent(Heartbeat beat) {
    byRegion
        .computeIfAbsent(beat.region(), r -> new LinkedHashMap<>())
        .putIfAbsent(beat.instanceId(), beat);
  }

  /** Replaces the whole view with {@code beats} (a re-sync from the table). */
  public void replaceAll(Collection<Heartbeat> beats) {
    byRegion.clear();
    beats.forEach(this::apply);
  }

  /** The latest beat of every instance of {@code region}, in first-seen order. */
  public List<Heartbeat> instances(String region) {
    Map<String, Heartbeat> instances = byRegion.get(region);
    return instances == null ? List.of() : List.copyOf(instances.values());
  }

  /** The latest beat of every instance of every region. */
  public List<Heartbeat> all() {
    return byRegion.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /** The regions any beat was seen from. */
  public java.util.Set<String> regions() {
    return java.util.Set.copyOf(byRegion.keySet());
  }

  /** Whether the view holds no beat at all (a cold monitor). */
  public boolean isEmpty() {
    // Called on every evaluation: a plain loop, no stream pipeline.
    for (Map<String, Heartbeat> instances : byRegion.values()) {
      if (!instances.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The latest {@code sentAt} of any beat of {@code region}, or null when none. */
  public Instant lastBeatAt(String region) {
    return instances(region).stream().map(Heartbeat::sentAt).max(Instant::compareTo).orElse(null);
  }

  /**
   * Keeps {@code report}, a monitor's own round of outside probes, in place of an older one of the
   * same prober (docs/decisions/0023).
   */
  public void recordOutside(OutsideReport report) {
    outside.merge(
        report.perspective() + "/" + report.prober(),
        report,
        (held, next) -> next.probedAt().isBefore(held.probedAt()) ? held : next);
  }

  /** The latest outside probe round of every monitor prober held. */
  public List<OutsideReport> outsideReports() {
    return List.copyOf(outside.values());
  }

  /** Number of instances held. */
  public int size() {
    return byRegion.values().stream().mapToInt(Map::size).sum();
  }
}
