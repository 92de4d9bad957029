package dev.baton.store;

import dev.baton.port.AuditLog;
import dev.baton.port.DependencyException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The audit trail in DynamoDB ({@link AuditItems}). Items are never overwritten: each gets an id in
 * its sort key (random, or the caller's for a write it may retry), and the put is conditional on
 * the key being free.
 */
public final class DynamoAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoAuditLog.class);

  /** An audit item is written once; an id collision must not replace an earlier decision. */
  static final String PUT_CONDITION = "attribute_not_exists(#pk)";

  /** How long audit items are kept when nobody says otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

  private static final int ID_ATTEMPTS = 3;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration retention;
  private final RandomGenerator random;

  /**
   * @param retention how long items live (the TTL attribute {@code expiresAt})
   * @param random the source of item ids; re-created after a SnapStart restore so restored copies
   *     do not draw the same ids
   */
  public DynamoAuditLog(
      DynamoDbClient dynamo, String table, Duration retention, RandomGenerator random) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public void record(Entry entry) {
    for (int attempt = 1; ; attempt++) {
      String id = HexFormat.of().toHexDigits(random.nextLong());
      try {
        dynamo.putItem(
            PutItemRequest.builder()
                .tableName(table)
                .item(AuditItems.toItem(entry, id, retention))
                .conditionExpression(PUT_CONDITION)
                .expressionAttributeNames(Map.of("#pk", TableKeys.PK))
                .build());
        return;
      } catch (ConditionalCheckFailedException e) {
        if (attempt >= ID_ATTEMPTS) {
          throw SdkFailures.translate("dynamodb", "write audit item (ids kept colliding)", e);
        }
        LOG.warn("audit id {} collided at {}; drawing another", id, entry.at());
      } catch (SdkException e) {
        throw SdkFailures.translate("dynamodb", "write audit item " + entry.kind(), e);
      }
    }
  }

  /**
   * Writes {@code entry} under {@code id}. When the key is taken, the item there is read back
   * (strongly): the same entry means an earlier attempt landed and its answer was lost, which is
   * success; another entry under the same key is refused, never overwritten.
   *
   * @throws DependencyException retryable when a retry may pass (throttling, 5xx, timeouts); not
   *     retryable when the key holds another entry
   */
  @Override
  public void record(Entry entry, String id) {
    Objects.requireNonNull(id, "id");
    Map<String, AttributeValue> item = AuditItems.toItem(entry, id, retention);
    try {
      dynamo.putItem(
          PutItemRequest.builder()
              .tableName(table)
              .item(item)
              .conditionExpression(PUT_CONDITION)
              .expressionAttributeNames(Map.of("#pk", TableKeys.PK))
              .build());
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> held = readBack(item);
      if (held.isEmpty()) {
        throw new DependencyException(
            "dynamodb",
            "write audit item " + item.get(TableKeys.SK).s() + ": the key was taken, then gone",
            true,
            e);
      }
      if (AuditItems.fromItem(held).equals(AuditItems.fromItem(item))) {
        LOG.info(
            "audit item {}/{} was already written by an earlier attempt",
            item.get(TableKeys.PK).s(),
            item.get(TableKeys.SK).s());
        return;
      }
      throw new DependencyException(
          "dynamodb",
          "write audit item "
              + item.get(TableKeys.PK).s()
              + "/"
              + item.get(TableKeys.SK).s()
              + ": the key holds another entry (an audit item is never overwritten)",
          false,
          e);
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "write audit item " + entry.kind() + " " + id, e);
    }
  }

  private Map<String, AttributeValue> readBack(Map<String, AttributeValue> item) {
    try {
      return dynamo
          .getItem(
              GetItemRequest.builder()
                  .tableName(table)
                  .key(
                      Map.of(
                          TableKeys.PK,
                          item.get(TableKeys.PK),
                          TableKeys.SK,
                          item.get(TableKeys.SK)))
                  .consistentRead(true)
                  .build())
          .item();
    } catch (SdkException e) {
      throw SdkFailures.translate(
          "dynamodb", "read back audit item " + item.get(TableKeys.SK).s(), e);
    }
  }
}
