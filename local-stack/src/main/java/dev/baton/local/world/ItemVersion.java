package dev.baton.local.world;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One write of one item as a replica's stream showed it: the last writer wins by {@code writtenAt},
 * ties broken by the origin's name and then by the origin stream's sequence number (so two writes
 * in one region within one millisecond keep their stream order).
 *
 * @param image the item after the write, null for a deletion
 * @param writtenAt when the origin took the write
 * @param origin the region where it was written
 * @param sequence its sequence number in the origin's stream
 */
record ItemVersion(
    Map<String, AttributeValue> image, Instant writtenAt, String origin, BigInteger sequence)
    implements Comparable<ItemVersion> {

  private static final Comparator<ItemVersion> ORDER =
      Comparator.comparing(ItemVersion::writtenAt)
          .thenComparing(ItemVersion::origin)
          .thenComparing(ItemVersion::sequence);

  ItemVersion {
    image = image == null ? null : Map.copyOf(image);
    Objects.requireNonNull(writtenAt, "writtenAt");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(sequence, "sequence");
  }

  boolean deleted() {
    return image == null;
  }

  boolean newerThan(ItemVersion other) {
    return other == null || compareTo(other) > 0;
  }

  @Override
  public int compareTo(ItemVersion other) {
    return ORDER.compare(this, other);
  }
}
