package dev.baton.detection;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Record;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.baton.store.HeartbeatItems;
import dev.baton.store.TableKeys;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * A made-up heartbeat record, read (never applied) while priming a SnapStart snapshot so the
 * record-reading classes are loaded before the first real batch.
 */
final class PrimingRecord {
  private PrimingRecord() {}

  static Record heartbeat(Instant now) {
    Map<String, AttributeValue> keys =
        Map.of(
            TableKeys.PK, new AttributeValue().withS(TableKeys.heartbeatPk("prm1")),
            TableKeys.SK, new AttributeValue().withS("priming"));
    Map<String, AttributeValue> image =
        Map.of(
            TableKeys.PK, keys.get(TableKeys.PK),
            TableKeys.SK, keys.get(TableKeys.SK),
            HeartbeatItems.STATUS, new AttributeValue().withS("HEALTHY"),
            HeartbeatItems.SEQ, new AttributeValue().withN("1"),
            HeartbeatItems.SENT_AT, new AttributeValue().withN(Long.toString(now.toEpochMilli())));
    StreamRecord dynamodb =
        new StreamRecord()
            .withKeys(keys)
            .withNewImage(image)
            .withSequenceNumber("0")
            .withApproximateCreationDateTime(Date.from(now));
    Record record = new Record();
    record.setEventName("INSERT");
    record.setDynamodb(dynamodb);
    return record;
  }
}
