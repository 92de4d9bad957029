package dev.baton.testing;

import dev.baton.domain.RegionState;
import dev.baton.port.DependencyException;
import dev.baton.port.RegionStateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Region states in memory, with the DynamoDB adapter's compare-and-set on the version. {@link
 * #interfere} plays another writer that saves between a read and a write.
 */
public final class InMemoryRegionStateStore implements RegionStateStore {
  private final Map<String, RegionState> items = new LinkedHashMap<>();
  private final List<RegionState> saved = new ArrayList<>();
  private final List<SaveOutcome.Conflict> conflicts = new ArrayList<>();
  private final List<RegionState> interferences = new ArrayList<>();
  private final List<DependencyException> failures = new ArrayList<>();

  /** Stores {@code state} as is (its version is taken as the stored version). */
  public InMemoryRegionStateStore put(RegionState state) {
    items.put(state.region(), state);
    return this;
  }

  /**
   * Before the next save, another writer stores {@code state} with the next version of whatever is
   * stored for its region.
   */
  public InMemoryRegionStateStore interfere(RegionState state) {
    interferences.add(state);
    return this;
  }

  /** The next save throws {@code failure}. */
  public InMemoryRegionStateStore failNextSave(DependencyException failure) {
    failures.add(failure);
    return this;
  }

  public RegionState get(String region) {
    return items.get(region);
  }

  /** Every successful save, in order, as stored. */
  public List<RegionState> saved() {
    return List.copyOf(saved);
  }

  /** Every lost race, in order. */
  public List<SaveOutcome.Conflict> conflicts() {
    return List.copyOf(conflicts);
  }

  @Override
  public Map<String, RegionState> loadAll() {
    return Map.copyOf(items);
  }

  @Override
  public SaveOutcome save(RegionState next) {
    if (!failures.isEmpty()) {
      throw failures.remove(0);
    }
    if (!interferences.isEmpty()) {
      RegionState other = interferences.remove(0);
      RegionState current = items.get(other.region());
      put(other.withVersion(current == null ? 1 : current.version() + 1));
    }
    RegionState current = items.get(next.region());
    long stored = current == null ? 0 : current.version();
    if (stored != next.version()) {
      SaveOutcome.Conflict conflict =
          new SaveOutcome.Conflict(
              next.region(), "expected version " + next.version() + ", found " + stored);
      conflicts.add(conflict);
      return conflict;
    }
    RegionState written = next.withVersion(next.version() + 1);
    items.put(next.region(), written);
    saved.add(written);
    return new SaveOutcome.Saved(written);
  }
}
