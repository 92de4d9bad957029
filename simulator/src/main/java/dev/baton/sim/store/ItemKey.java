package dev.baton.sim.store;

import dev.baton.store.TableKeys;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The table's primary key ({@code pk}, {@code sk}); ordered as a Query returns items. */
public record ItemKey(String pk, String sk) implements Comparable<ItemKey> {
  public ItemKey {
    Objects.requireNonNull(pk, "pk");
    Objects.requireNonNull(sk, "sk");
  }

  /** The key of {@code item} (or of a key map). */
  public static ItemKey of(Map<String, AttributeValue> item) {
    AttributeValue pk = item.get(TableKeys.PK);
    AttributeValue sk = item.get(TableKeys.SK);
    if (pk == null || pk.s() == null || sk == null || sk.s() == null) {
      throw new IllegalArgumentException("an item needs string keys pk and sk, had " + item);
    }
    return new ItemKey(pk.s(), sk.s());
  }

  /** The key as DynamoDB attributes. */
  public Map<String, AttributeValue> attributes() {
    return Map.of(TableKeys.PK, AttributeValue.fromS(pk), TableKeys.SK, AttributeValue.fromS(sk));
  }

  @Override
  public int compareTo(ItemKey other) {
    // By hand rather than through a Comparator chain: the replicas' sorted maps compare keys on
    // every read and write.
    int byPk = pk.compareTo(other.pk);
    return byPk != 0 ? byPk : sk.compareTo(other.sk);
  }

  @Override
  public String toString() {
    return pk + "/" + sk;
  }
}
