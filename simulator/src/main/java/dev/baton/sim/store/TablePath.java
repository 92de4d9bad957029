package dev.baton.sim.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How one caller reaches the table: from {@code site} (e.g. {@code do:nyc1}, {@code aws:us-east-2})
 * to the replica in {@code region}, as an SDK client pointed at that region would. Faults on the
 * path or the replica make its calls fail.
 */
public record TablePath(ReplicatedTable table, String site, String region) {
  public TablePath {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(region, "region");
  }

  /** The true time, as the replica's servers tell it. */
  public java.time.Instant now() {
    return table.now();
  }

  public Optional<Map<String, AttributeValue>> get(ItemKey key) {
    return table.get(site, region, key);
  }

  public List<Map<String, AttributeValue>> query(String pk) {
    return table.query(site, region, pk);
  }

  public Map<String, AttributeValue> write(
      ItemKey key,
      Predicate<Map<String, AttributeValue>> condition,
      UnaryOperator<Map<String, AttributeValue>> change) {
    return table.write(site, region, key, condition, change);
  }

  /** A conditional PutItem of the whole {@code item}. */
  public void put(
      Map<String, AttributeValue> item, Predicate<Map<String, AttributeValue>> condition) {
    table.write(site, region, ItemKey.of(item), condition, old -> Map.copyOf(item));
  }
}
