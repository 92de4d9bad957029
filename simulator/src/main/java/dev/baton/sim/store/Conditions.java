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

  /**
   * The agent's heartbeat condition, as {@code DynamoAgentStore.SEQ_ADVANCES} states it: no stored
   * seq, or one that is not a number, lower than {@code value}, or above {@code max} (forged or
   * corrupted: replaced rather than wedging the agent). Compared as DynamoDB compares numbers, so a
   * stored value beyond a long is above {@code max}, not an error.
   */
  static Predicate<Map<String, AttributeValue>> seqAdvances(String name, long value, long max) {
    return item -> {
      AttributeValue v = item.get(name);
      if (v == null || v.n() == null) {
        return true;
      }
      java.math.BigDecimal stored;
      try {
        stored = new java.math.BigDecimal(v.n());
      } catch (NumberFormatException e) {
        // DynamoDB never stores such an N; treat it as "not a number" like the real condition.
        return true;
      }
      return stored.compareTo(java.math.BigDecimal.valueOf(value)) < 0
          || stored.compareTo(java.math.BigDecimal.valueOf(max)) > 0;
    };
  }
}
