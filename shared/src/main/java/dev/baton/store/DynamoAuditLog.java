package dev.baton.store;

import dev.baton.port.AuditLog;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The audit trail in DynamoDB ({@link AuditItems}). Items are never overwritten: each gets a random
 * id in its sort key, and the put is conditional on the key being free.
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
}
