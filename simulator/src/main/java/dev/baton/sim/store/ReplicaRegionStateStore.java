package dev.baton.sim.store;

import dev.baton.domain.RegionState;
import dev.baton.port.RegionStateStore;
import dev.baton.store.MalformedItemException;
import dev.baton.store.RegionStateItems;
import dev.baton.store.SdkFailures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The region state items through one {@link TablePath}, as {@code DynamoRegionStateStore}: read by
 * key for every region of the topology; saved on {@code attribute_not_exists(#pk)} (version 0) or
 * {@code #version = :expected}, with the version incremented.
 */
public final class ReplicaRegionStateStore implements RegionStateStore {
  private final TablePath path;
  private final List<String> regions;

  public ReplicaRegionStateStore(TablePath path, List<String> regions) {
    this.path = path;
    this.regions = List.copyOf(regions);
  }

  @Override
  public Map<String, RegionState> loadAll() {
    Map<String, RegionState> states = new LinkedHashMap<>();
    for (String region : regions) {
      Optional<Map<String, AttributeValue>> item;
      try {
        item = path.get(ItemKey.of(RegionStateItems.key(region)));
      } catch (SdkException e) {
        throw SdkFailures.translate("dynamodb", "read region states", e);
      }
      if (item.isPresent()) {
        try {
          RegionState state = RegionStateItems.fromItem(item.get());
          states.put(state.region(), state);
        } catch (MalformedItemException e) {
          // Ignored, as production does (logged there).
        }
      }
    }
    return states;
  }

  @Override
  public SaveOutcome save(RegionState next) {
    long expected = next.version();
    RegionState stored = next.withVersion(expected + 1);
    Predicate<Map<String, AttributeValue>> condition =
        expected == 0
            ? Conditions.absent()
            : Conditions.numberEquals(RegionStateItems.VERSION, expected);
    try {
      path.put(RegionStateItems.toItem(stored), condition);
      return new SaveOutcome.Saved(stored);
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
      AttributeValue version = old.get(RegionStateItems.VERSION);
      return new SaveOutcome.Conflict(
          next.region(),
          "expected "
              + (expected == 0 ? "no stored item" : "stored version " + expected)
              + ", found "
              + (old.isEmpty()
                  ? "no stored item"
                  : "stored version " + (version == null ? "unknown" : version.n())));
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "save region state " + next.region(), e);
    }
  }
}
