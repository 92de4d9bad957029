package dev.baton.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Turns DynamoDB Streams records (SDK v2) into the records of a Lambda {@code DynamodbEvent}, field
 * by field as the event source mapping fills them: {@code eventSourceARN} is the stream ARN, images
 * are present only when the stream view type carries them, {@code ApproximateCreationDateTime} is
 * in whole seconds (Lambda's JSON carries epoch seconds), {@code userIdentity} only on TTL
 * deletions.
 */
public final class LambdaStreamRecords {
  private LambdaStreamRecords() {}

  public static DynamodbEvent.DynamodbStreamRecord toLambda(Record record, String streamArn) {
    DynamodbEvent.DynamodbStreamRecord lambda = new DynamodbEvent.DynamodbStreamRecord();
    lambda.setEventSourceARN(streamArn);
    lambda.setEventID(record.eventID());
    lambda.setEventName(record.eventNameAsString());
    lambda.setEventVersion(record.eventVersion());
    lambda.setEventSource(record.eventSource());
    lambda.setAwsRegion(record.awsRegion());
    if (record.userIdentity() != null) {
      lambda.setUserIdentity(
          new Identity()
              .withPrincipalId(record.userIdentity().principalId())
              .withType(record.userIdentity().type()));
    }
    var source = record.dynamodb();
    StreamRecord dynamodb = new StreamRecord();
    dynamodb.setSequenceNumber(source.sequenceNumber());
    dynamodb.setSizeBytes(source.sizeBytes());
    if (source.streamViewTypeAsString() != null) {
      dynamodb.setStreamViewType(StreamViewType.fromValue(source.streamViewTypeAsString()));
    }
    if (source.approximateCreationDateTime() != null) {
      Instant created = source.approximateCreationDateTime().truncatedTo(ChronoUnit.SECONDS);
      dynamodb.setApproximateCreationDateTime(Date.from(created));
    }
    if (source.hasKeys()) {
      dynamodb.setKeys(toLambda(source.keys()));
    }
    if (source.hasNewImage()) {
      dynamodb.setNewImage(toLambda(source.newImage()));
    }
    if (source.hasOldImage()) {
      dynamodb.setOldImage(toLambda(source.oldImage()));
    }
    lambda.setDynamodb(dynamodb);
    return lambda;
  }

  public static Map<
          String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
      toLambda(Map<String, AttributeValue> item) {
    Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out =
        new LinkedHashMap<>();
    item.forEach((name, value) -> out.put(name, toLambda(value)));
    return out;
  }

  public static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue
      toLambda(AttributeValue value) {
    var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
    switch (value.type()) {
      case S -> out.setS(value.s());
      case N -> out.setN(value.n());
      case B -> out.setB(value.b().asByteBuffer());
      case BOOL -> out.setBOOL(value.bool());
      case NUL -> out.setNULL(true);
      case SS -> out.setSS(value.ss());
      case NS -> out.setNS(value.ns());
      case BS -> out.setBS(value.bs().stream().map(SdkBytes::asByteBuffer).toList());
      case M -> out.setM(toLambda(value.m()));
      case L -> out.setL(value.l().stream().map(LambdaStreamRecords::toLambda).toList());
      case UNKNOWN_TO_SDK_VERSION ->
          throw new IllegalArgumentException("attribute value of a type this SDK does not know");
    }
    return out;
  }
}
