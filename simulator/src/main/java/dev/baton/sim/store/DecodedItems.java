package dev.baton.sim.store;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items as last decoded, by key, kept while the stored image is the same object: a replica's images
 * are never changed in place (a write stores a new one), so an observer that reads after every step
 * decodes an item only when it was written.
 *
 * @param <K> the key the caller looks items up by
 * @param <V> the decoded value
 */
public final class DecodedItems<K, V> {
  private record Decoded<V>(Map<String, AttributeValue> image, V value) {}

  private final Function<Map<String, AttributeValue>, V> decode;
  private final Map<K, Decoded<V>> last = new HashMap<>();

  public DecodedItems(Function<Map<String, AttributeValue>, V> decode) {
    this.decode = decode;
  }

  /** {@code image} decoded, from the last decoding of {@code key} when the image is the same. */
  public V get(K key, Map<String, AttributeValue> image) {
    Decoded<V> known = last.get(key);
    if (known == null || known.image() != image) {
      known = new Decoded<>(image, decode.apply(image));
      last.put(key, known);
    }
    return known.value();
  }
}
