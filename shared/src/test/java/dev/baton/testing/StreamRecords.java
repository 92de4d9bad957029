package dev.baton.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import dev.baton.domain.Heartbeat;
import dev.baton.local.LambdaStreamRecords;
import dev.baton.store.HeartbeatItems;
import dev.baton.store.TableKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stream records as Lambda delivers them (the events library's types), built from heartbeats with
 * the same item mapper the agent uses. Sequence numbers increase with each record built.
 */
public final class StreamRecords {
  public static final String STREAM_ARN =
      "arn:aws:dynamodb:us-east-1:123456789012:table/baton/stream/2026-11-26T10:00:00.000";

  private static final AtomicLong SEQUENCE = new AtomicLong(100_000_000_000_000_000L);

  private StreamRecords() {}

  /** The agent's first beat of an instance (INSERT), observed by the stream at {@code sentAt}. */
  public static DynamodbStreamRecord insert(Heartbeat beat) {
    return record("INSERT", beat, null, beat.sentAt());
  }

  /** A later beat replacing {@code old} (MODIFY), observed at the new beat's {@code sentAt}. */
  public static DynamodbStreamRecord modify(Heartbeat old, Heartbeat beat) {
    return record("MODIFY", beat, old, beat.sentAt());
  }

  /** A beat observed by the store at {@code observedAt} (for clock-skew tests). */
  public static DynamodbStreamRecord insertObservedAt(Heartbeat beat, Instant observedAt) {
    return record("INSERT", beat, null, observedAt);
  }

  /** DynamoDB's TTL deleting {@code beat}'s item. */
  public static DynamodbStreamRecord ttlRemove(Heartbeat beat) {
    DynamodbStreamRecord record = record("REMOVE", null, beat, beat.sentAt().plusSeconds(600));
    record.setUserIdentity(
        new Identity().withType("Service").withPrincipalId("dynamodb.amazonaws.com"));
    return record;
  }

  /** Someone deleting {@code beat}'s item by hand. */
  public static DynamodbStreamRecord remove(Heartbeat beat) {
    return record("REMOVE", null, beat, beat.sentAt().plusSeconds(1));
  }

  /** A write to a non-heartbeat item, e.g. {@code REGION#nyc1 / STATE}. */
  public static DynamodbStreamRecord otherItem(String pk, String sk, Instant at) {
    Map<String, AttributeValue> keys = keys(pk, sk);
    DynamodbStreamRecord record = base("INSERT", at);
    record.getDynamodb().setKeys(keys);
    record.getDynamodb().setNewImage(new LinkedHashMap<>(keys));
    return record;
  }

  /** {@code record} with {@code attribute} removed from its new image. */
  public static DynamodbStreamRecord without(DynamodbStreamRecord record, String attribute) {
    Map<String, AttributeValue> image = new LinkedHashMap<>(record.getDynamodb().getNewImage());
    image.remove(attribute);
    record.getDynamodb().setNewImage(image);
    return record;
  }

  /** {@code record} with {@code attribute} of its new image replaced by {@code value}. */
  public static DynamodbStreamRecord with(
      DynamodbStreamRecord record, String attribute, AttributeValue value) {
    Map<String, AttributeValue> image = new LinkedHashMap<>(record.getDynamodb().getNewImage());
    image.put(attribute, value);
    record.getDynamodb().setNewImage(image);
    return record;
  }

  public static DynamodbEvent event(DynamodbStreamRecord... records) {
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(new ArrayList<>(List.of(records)));
    return event;
  }

  private static DynamodbStreamRecord record(
      String eventName, Heartbeat beat, Heartbeat old, Instant observedAt) {
    Heartbeat any = beat != null ? beat : old;
    DynamodbStreamRecord record = base(eventName, observedAt);
    StreamRecord dynamodb = record.getDynamodb();
    dynamodb.setKeys(keys(TableKeys.heartbeatPk(any.region()), any.instanceId()));
    if (beat != null) {
      dynamodb.setNewImage(image(beat));
    }
    if (old != null) {
      dynamodb.setOldImage(image(old));
    }
    return record;
  }

  private static DynamodbStreamRecord base(String eventName, Instant observedAt) {
    DynamodbStreamRecord record = new DynamodbStreamRecord();
    record.setEventID(Long.toHexString(SEQUENCE.get()));
    record.setEventName(eventName);
    record.setEventVersion("1.1");
    record.setEventSource("aws:dynamodb");
    record.setAwsRegion("us-east-1");
    record.setEventSourceARN(STREAM_ARN);
    StreamRecord dynamodb = new StreamRecord();
    dynamodb.setSequenceNumber(Long.toString(SEQUENCE.incrementAndGet()));
    dynamodb.setSizeBytes(200L);
    dynamodb.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
    dynamodb.setApproximateCreationDateTime(Date.from(observedAt));
    record.setDynamodb(dynamodb);
    return record;
  }

  private static Map<String, AttributeValue> image(Heartbeat beat) {
    return LambdaStreamRecords.toLambda(
        HeartbeatItems.toItem(beat, beat.sentAt().plusSeconds(600)));
  }

  private static Map<String, AttributeValue> keys(String pk, String sk) {
    Map<String, AttributeValue> keys = new LinkedHashMap<>();
    keys.put(TableKeys.PK, new AttributeValue().withS(pk));
    keys.put(TableKeys.SK, new AttributeValue().withS(sk));
    return keys;
  }
}
