package dev.baton.sim.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One record of a replica's stream (view type NEW_AND_OLD_IMAGES), for writes made in that replica
 * and for writes replicated into it.
 *
 * @param sequenceNumber increases along the replica's stream
 * @param eventName INSERT, MODIFY or REMOVE
 * @param key the item's key
 * @param newImage the item after the write, or null for REMOVE
 * @param oldImage the item before the write, or null for INSERT
 * @param createdAt when the write was applied in this replica (ApproximateCreationDateTime)
 * @param origin the AWS region where the write was made (equal to the replica for a local write)
 */
public record StreamEntry(
    long sequenceNumber,
    String eventName,
    ItemKey key,
    Map<String, AttributeValue> newImage,
    Map<String, AttributeValue> oldImage,
    Instant createdAt,
    String origin) {
  public static final String INSERT = "INSERT";
  public static final String MODIFY = "MODIFY";
  public static final String REMOVE = "REMOVE";

  public StreamEntry {
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(origin, "origin");
    newImage = newImage == null ? null : Map.copyOf(newImage);
    oldImage = oldImage == null ? null : Map.copyOf(oldImage);
  }

  /** Whether the write was replicated into this replica from another. */
  public boolean replicatedFrom(String replica) {
    return !origin.equals(replica);
  }
}
