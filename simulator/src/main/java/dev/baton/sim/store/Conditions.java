package dev.baton.sim.store;

import dev.baton.store.TableKeys;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The few condition expressions production writes with, as predicates on the stored item (an empty
 * map when absent). Each names the production constant it stands for; not an expression engine.
 */
final class Conditions {
  private Conditions() {}

  /** {@code attribute_not_exists(#pk)}: the item does not exist. */
  static Predicate<Map<String, AttributeValue>> absent() {
    return item -> !item.containsKey(TableKeys.PK);
  }

  /** {@code #name = :value} on a number attribute (false when absent, as in DynamoDB). */
  static Predicate<Map<String, AttributeValue>> numberEquals(String name, long value) {
    return item -> {
      AttributeValue v = item.get(name);
      return v != null && v.n() != null && Long.parseLong(v.n()) == value;
    };
  }

  /** {@code #name = :value} on a string attribute. */
  static Predicate<Map<String, AttributeValue>> stringEquals(String name, String value) {
    return item -> {
      AttributeValue v = item.get(name);
      return v != null && value.equals(v.s());
    };
  }

  /** {@code attribute_not_exists(#name) OR #name < :value}. */
  static Predicate<Map<String, AttributeValue>> absentOrBelow(String name, long value) {
    return item -> {
      AttributeValue v = item.get(name);
      return v == null || v.n() == null || Long.parseLong(v.n()) < value;
    };
  }
}
