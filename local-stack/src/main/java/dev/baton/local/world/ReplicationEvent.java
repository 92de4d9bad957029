package dev.baton.local.world;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Something the {@link Replicator} did with one copy of one item version, for the drill's timeline
 * and for tests.
 *
 * @param kind what happened
 * @param from the replica whose write is copied
 * @param to the replica it is copied to ({@code from} itself for {@link Kind#REPAIRED})
 * @param key the item's key
 * @param writtenAt when the version was written in {@code from} (the last writer wins by this)
 * @param deleted whether the version is a deletion
 */
public record ReplicationEvent(
    Kind kind,
    String from,
    String to,
    Map<String, AttributeValue> key,
    Instant writtenAt,
    boolean deleted) {

  /** What happened to the copy. */
  public enum Kind {
    /** Written into the destination replica. */
    APPLIED,
    /** Not written: the destination already holds a newer version (last writer wins). */
    DROPPED_OLDER,
    /** Waiting: the path between the two replicas is stalled or isolated. */
    HELD,
    /** The path opened again: the copy is on its way, with the normal delay. */
    RELEASED,
    /**
     * Written back into its own replica: a replicated older version had overwritten this newer
     * local write before the replicator saw it.
     */
    REPAIRED
  }

  public ReplicationEvent {
    key = Map.copyOf(key);
  }

  /** The key as {@code pk=HB#nyc1 sk=i-1}, attributes sorted by name. */
  public String keyText() {
    return new TreeMap<>(key)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + scalar(e.getValue()))
            .collect(Collectors.joining(" "));
  }

  /** One sentence for the log and the drill's report. */
  public String describe() {
    String version =
        (deleted ? "deletion" : "version") + " of " + keyText() + " written " + writtenAt;
    return switch (kind) {
      case APPLIED -> "copied the " + version + " from " + from + " to " + to;
      case DROPPED_OLDER ->
          "dropped the " + version + " from " + from + ": " + to + " holds a newer one";
      case HELD -> "holding the " + version + " from " + from + " to " + to + ": the path is cut";
      case RELEASED ->
          "releasing the " + version + " from " + from + " to " + to + ": the path is open";
      case REPAIRED ->
          "wrote the " + version + " back into " + to + " over an older replicated one";
    };
  }

  private static String scalar(AttributeValue value) {
    if (value.s() != null) {
      return value.s();
    }
    if (value.n() != null) {
      return value.n();
    }
    return value.toString();
  }
}
