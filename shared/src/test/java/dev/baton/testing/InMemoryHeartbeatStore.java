package dev.baton.testing;

import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.InstanceKey;
import dev.baton.port.DependencyException;
import dev.baton.port.HeartbeatStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The heartbeat partitions in memory, with the same rules as the DynamoDB adapter. */
public final class InMemoryHeartbeatStore implements HeartbeatStore {
  private final Map<InstanceKey, Heartbeat> items = new LinkedHashMap<>();
  private final List<DependencyException> failures = new ArrayList<>();
  private int loads;

  /** Stores {@code beat} as the agent's put does (replacing the instance's item). */
  public InMemoryHeartbeatStore put(Heartbeat beat) {
    items.put(beat.key(), beat);
    return this;
  }

  /** The next {@code loadFleet} or {@code markStale} call throws {@code failure}. */
  public InMemoryHeartbeatStore failNext(DependencyException failure) {
    failures.add(failure);
    return this;
  }

  /** Forgets the failures still queued by {@link #failNext}. */
  public InMemoryHeartbeatStore heal() {
    failures.clear();
    return this;
  }

  public Heartbeat get(String region, String instanceId) {
    return items.get(new InstanceKey(region, instanceId));
  }

  /** How often the fleet was read. */
  public int loads() {
    return loads;
  }

  @Override
  public List<Heartbeat> loadFleet(List<String> regions) {
    failIfAsked();
    loads++;
    return items.values().stream().filter(b -> regions.contains(b.region())).toList();
  }

  @Override
  public boolean markStale(InstanceKey instance, long seq, Instant now) {
    failIfAsked();
    Heartbeat held = items.get(instance);
    if (held == null || held.seq() != seq) {
      return false;
    }
    items.put(
        instance,
        new Heartbeat(
            held.region(),
            held.instanceId(),
            HeartbeatStatus.STALE,
            held.seq(),
            held.sentAt(),
            held.checks(),
            held.agentVersion(),
            held.observedAt()));
    return true;
  }

  private void failIfAsked() {
    if (!failures.isEmpty()) {
      throw failures.remove(0);
    }
  }
}
