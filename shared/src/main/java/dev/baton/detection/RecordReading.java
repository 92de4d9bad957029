package dev.baton.detection;

import dev.baton.domain.Heartbeat;

/** What one stream record says, before it meets the fleet view. */
public sealed interface RecordReading {

  /** A heartbeat to apply. */
  record Beat(Heartbeat beat) implements RecordReading {}

  /** A record that carries nothing to apply, and why. */
  record Ignored(IgnoredCause cause) implements RecordReading {}

  /**
   * A record that cannot be read: {@code field} is its path in the record (e.g. {@code
   * dynamodb.NewImage.seq}) and {@code rule} the rule it breaks. Retrying cannot fix an image.
   */
  record Malformed(String field, String rule) implements RecordReading {}
}
