package dev.baton.store;

import dev.baton.domain.Heartbeat;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the item images of a Lambda DynamoDB stream event (the events library's own AttributeValue
 * type) with the same mappers as the table reads, so stream and table cannot disagree.
 */
public final class StreamImages {
  private StreamImages() {}

  /**
   * The heartbeat in a stream image.
   *
   * @throws MalformedItemException naming the missing or bad attribute
   */
  public static Heartbeat heartbeat(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
          image) {
    return HeartbeatItems.fromItem(toSdk(image));
  }

  /** The image as SDK attribute values. */
  public static Map<String, AttributeValue> toSdk(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
          image) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    image.forEach((name, value) -> item.put(name, toSdk(value)));
    return item;
  }

  /** One value as an SDK attribute value; a value with no type set becomes NULL. */
  public static AttributeValue toSdk(
      com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value) {
    if (value == null) {
      return AttributeValue.fromNul(true);
    }
    if (value.getS() != null) {
      return AttributeValue.fromS(value.getS());
    }
    if (value.getN() != null) {
      return AttributeValue.fromN(value.getN());
    }
    if (value.getBOOL() != null) {
      return AttributeValue.fromBool(value.getBOOL());
    }
    if (value.getB() != null) {
      return AttributeValue.fromB(bytes(value.getB()));
    }
    if (value.getM() != null) {
      return AttributeValue.fromM(toSdk(value.getM()));
    }
    if (value.getL() != null) {
      return AttributeValue.fromL(value.getL().stream().map(StreamImages::toSdk).toList());
    }
    if (value.getSS() != null) {
      return AttributeValue.fromSs(List.copyOf(value.getSS()));
    }
    if (value.getNS() != null) {
      return AttributeValue.fromNs(List.copyOf(value.getNS()));
    }
    if (value.getBS() != null) {
      return AttributeValue.fromBs(value.getBS().stream().map(StreamImages::bytes).toList());
    }
    return AttributeValue.fromNul(true);
  }

  private static SdkBytes bytes(ByteBuffer buffer) {
    return SdkBytes.fromByteBuffer(buffer.asReadOnlyBuffer());
  }
}
