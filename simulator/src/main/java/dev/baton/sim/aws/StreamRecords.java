package dev.baton.sim.aws;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import dev.baton.sim.store.StreamEntry;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the simulated table's stream entries into the records Lambda hands a stream function
 * ({@link DynamodbEvent}), with the events library's own attribute values, as {@code
 * aws-lambda-java-events} deserialises them on AWS.
 */
public final class StreamRecords {
  private StreamRecords() {}

  /** The event of one batch. */
  public static DynamodbEvent event(List<StreamEntry> entries, String region) {
    List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) {
      records.add(record(entry, region));
    }
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(records);
    return event;
  }

  /** DynamoDB's sequence numbers are decimal strings that sort by length, then text. */
  public static String sequenceNumber(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("a sequence number is never negative, was " + sequence);
    }
    // Zero-padded to 21 digits; by hand, as String.format cost 3 % of a random search.
    String digits = Long.toString(sequence);
    return "0".repeat(Math.max(0, 21 - digits.length())) + digits;
  }

  static DynamodbEvent.DynamodbStreamRecord record(StreamEntry entry, String region) {
    StreamRecord dynamodb =
        new StreamRecord()
            .withKeys(convert(entry.key().attributes()))
            .withSequenceNumber(sequenceNumber(entry.sequenceNumber()))
            .withApproximateCreationDateTime(Date.from(entry.createdAt()))
            .withStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
    if (entry.newImage() != null) {
      dynamodb.setNewImage(convert(entry.newImage()));
    }
    if (entry.oldImage() != null) {
      dynamodb.setOldImage(convert(entry.oldImage()));
    }
    DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
    record.setEventID(region + "-" + entry.sequenceNumber());
    record.setEventName(entry.eventName());
    record.setEventVersion("1.1");
    record.setEventSource("aws:dynamodb");
    record.setAwsRegion(region);
    record.setEventSourceARN(
        "arn:aws:dynamodb:" + region + ":000000000000:table/baton-sim/stream/sim");
    record.setDynamodb(dynamodb);
    return record;
  }

  /**
   * Images already converted, by identity: a record's old image is the previous record's new one,
   * and with several monitors every replica's stream holds the same images, so each is converted
   * once. Per thread (a random search runs seeds on several) and bounded. The converted images are
   * never changed by their readers.
   */
  private static final ThreadLocal<
          Map<
              Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>,
              Map<String, AttributeValue>>>
      CONVERTED = ThreadLocal.withInitial(java.util.IdentityHashMap::new);

  private static final int CONVERTED_MAX = 20_000;

  static Map<String, AttributeValue> convert(
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
    Map<
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>,
            Map<String, AttributeValue>>
        cache = CONVERTED.get();
    Map<String, AttributeValue> done = cache.get(item);
    if (done != null) {
      return done;
    }
    if (cache.size() >= CONVERTED_MAX) {
      cache.clear();
    }
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    item.forEach((k, v) -> out.put(k, convert(v)));
    cache.put(item, out);
    return out;
  }

  static AttributeValue convert(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
    AttributeValue out = new AttributeValue();
    switch (v.type()) {
      case S -> out.setS(v.s());
      case N -> out.setN(v.n());
      case BOOL -> out.setBOOL(v.bool());
      case NUL -> out.setNULL(true);
      case M -> out.setM(convert(v.m()));
      case L -> out.setL(v.l().stream().map(StreamRecords::convert).toList());
      case SS -> out.setSS(v.ss());
      case NS -> out.setNS(v.ns());
      case B -> out.setB(v.b().asByteBuffer());
      case BS -> out.setBS(v.bs().stream().map(b -> b.asByteBuffer()).toList());
      default -> throw new IllegalArgumentException("unknown attribute type " + v.type());
    }
    return out;
  }
}
