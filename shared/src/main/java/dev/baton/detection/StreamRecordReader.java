package dev.baton.detection;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Record;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.store.HeartbeatItems;
import dev.baton.store.MalformedItemException;
import dev.baton.store.StreamImages;
import dev.baton.store.TableKeys;
import java.util.Date;
import java.util.Map;

/**
 * Reads DynamoDB stream records as Lambda delivers them (docs/architecture.md): heartbeats from
 * INSERT and MODIFY images; TTL deletions, other deletions, non-heartbeat items and the monitor's
 * own STALE marks are ignored; anything unreadable is {@link RecordReading.Malformed}, naming the
 * field and the rule.
 */
public final class StreamRecordReader {
  /** How DynamoDB's TTL process appears in a REMOVE record's {@code userIdentity}. */
  static final String TTL_IDENTITY_TYPE = "Service";

  static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

  public RecordReading read(Record record) {
    StreamRecord dynamodb = record.getDynamodb();
    if (dynamodb == null) {
      return new RecordReading.Malformed("dynamodb", "is required in a DynamoDB stream record");
    }
    String pk = stringKey(dynamodb.getKeys());
    if (pk == null) {
      return new RecordReading.Malformed(
          "dynamodb.Keys." + TableKeys.PK, "is required and must be a string (S)");
    }
    if (!pk.startsWith(TableKeys.HEARTBEAT_PREFIX)) {
      return new RecordReading.Ignored(IgnoredCause.NOT_HEARTBEAT);
    }
    String event = record.getEventName();
    if ("REMOVE".equals(event)) {
      return new RecordReading.Ignored(
          isTtlDeletion(record.getUserIdentity()) ? IgnoredCause.TTL_EXPIRY : IgnoredCause.REMOVE);
    }
    if (!"INSERT".equals(event) && !"MODIFY".equals(event)) {
      return new RecordReading.Malformed(
          "eventName", "must be INSERT, MODIFY or REMOVE, was '" + event + "'");
    }
    Map<String, AttributeValue> image = dynamodb.getNewImage();
    if (image == null || image.isEmpty()) {
      return new RecordReading.Malformed(
          "dynamodb.NewImage",
          "is required for "
              + event
              + " (the stream view type must be NEW_IMAGE or NEW_AND_OLD_IMAGES)");
    }
    Heartbeat beat;
    try {
      beat = StreamImages.heartbeat(image);
    } catch (MalformedItemException e) {
      return new RecordReading.Malformed(
          "dynamodb.NewImage." + e.attribute(), ruleOf(e.getMessage(), e.attribute()));
    } catch (IllegalArgumentException | NullPointerException e) {
      // Domain records reject values the item mapper let through (e.g. a negative latency).
      return new RecordReading.Malformed("dynamodb.NewImage", String.valueOf(e.getMessage()));
    }
    if (isOwnStaleMark(beat, dynamodb.getOldImage())) {
      return new RecordReading.Ignored(IgnoredCause.STALE_MARK);
    }
    Date created = dynamodb.getApproximateCreationDateTime();
    // The store's clock, for the evaluator's clock-skew rule (docs/architecture.md).
    return new RecordReading.Beat(created == null ? beat : beat.observedAt(created.toInstant()));
  }

  private static String stringKey(Map<String, AttributeValue> keys) {
    if (keys == null) {
      return null;
    }
    AttributeValue pk = keys.get(TableKeys.PK);
    return pk == null ? null : pk.getS();
  }

  private static boolean isTtlDeletion(Identity identity) {
    return identity != null
        && TTL_IDENTITY_TYPE.equals(identity.getType())
        && TTL_PRINCIPAL.equals(identity.getPrincipalId());
  }

  /** The sweeper's STALE write keeps the agent's seq; the agent never writes STALE. */
  private static boolean isOwnStaleMark(Heartbeat beat, Map<String, AttributeValue> oldImage) {
    if (beat.status() != HeartbeatStatus.STALE || oldImage == null) {
      return false;
    }
    AttributeValue oldSeq = oldImage.get(HeartbeatItems.SEQ);
    return oldSeq != null && Long.toString(beat.seq()).equals(oldSeq.getN());
  }

  private static String ruleOf(String message, String attribute) {
    String prefix = attribute + ": ";
    return message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : message;
  }
}
