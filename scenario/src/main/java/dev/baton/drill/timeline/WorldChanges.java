package dev.baton.drill.timeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns successive {@link WorldSample}s into timeline events: an {@link
 * DrillEvent.AgentRoleChanged} when an agent reports another role, a {@link
 * DrillEvent.RouterTargetChanged} when a router points elsewhere. The first sample of each agent
 * and router is an event too, with {@code from} null. Not thread-safe: one sampler calls it.
 */
public final class WorldChanges {
  private final Map<String, WorldSample.AgentRole> agents = new HashMap<>();
  private final Map<String, String> routers = new HashMap<>();

  /** The events between the previous sample and {@code sample}, taken at {@code at}. */
  public List<DrillEvent> next(WorldSample sample, Duration at) {
    List<DrillEvent> events = new ArrayList<>();
    // Sorted, so that simultaneous changes print in a stable order.
    for (Map.Entry<String, WorldSample.AgentRole> e : new TreeMap<>(sample.agents()).entrySet()) {
      WorldSample.AgentRole now = e.getValue();
      WorldSample.AgentRole before = agents.put(e.getKey(), now);
      if (before == null || !before.role().equals(now.role())) {
        events.add(
            new DrillEvent.AgentRoleChanged(
                at, now.region(), e.getKey(), before == null ? null : before.role(), now.role()));
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(sample.routers()).entrySet()) {
      String before = routers.put(e.getKey(), e.getValue());
      if (!e.getValue().equals(before)) {
        events.add(new DrillEvent.RouterTargetChanged(at, e.getKey(), before, e.getValue()));
      }
    }
    return events;
  }
}
