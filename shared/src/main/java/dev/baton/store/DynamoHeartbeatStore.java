package dev.baton.store;

import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.InstanceKey;
import dev.baton.port.HeartbeatStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The heartbeat partitions in DynamoDB. Reads every instance of a region with one paginated Query
 * of its {@code HB#<region>} partition; marks a beat STALE only while its {@code seq} is the one
 * judged stale, so a fresh beat written meanwhile is never overwritten.
 */
public final class DynamoHeartbeatStore implements HeartbeatStore {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoHeartbeatStore.class);

  static final String PARTITION_CONDITION = "#pk = :pk";

  /** The beat is still there and still the one judged stale (no newer seq arrived). */
  static final String MARK_STALE_CONDITION = "attribute_exists(#pk) AND #seq = :seq";

  static final String MARK_STALE_UPDATE = "SET #status = :stale, #staleMarkedAt = :now";

  /** When the monitor marked the beat STALE (epoch ms); the agent's own fields are kept. */
  public static final String STALE_MARKED_AT = "staleMarkedAt";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoHeartbeatStore(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public List<Heartbeat> loadFleet(List<String> regions) {
    List<Heartbeat> beats = new ArrayList<>();
    for (String region : regions) {
      beats.addAll(loadRegion(region));
    }
    return beats;
  }

  private List<Heartbeat> loadRegion(String region) {
    String pk = TableKeys.heartbeatPk(region);
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression(PARTITION_CONDITION)
            .expressionAttributeNames(Map.of("#pk", TableKeys.PK))
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
            .consistentRead(true)
            .build();
    List<Heartbeat> beats = new ArrayList<>();
    try {
      for (QueryResponse page : dynamo.queryPaginator(request)) {
        for (Map<String, AttributeValue> item : page.items()) {
          try {
            beats.add(HeartbeatItems.fromItem(item));
          } catch (MalformedItemException e) {
            // One bad item must not blind the monitor to the rest of the region.
            LOG.warn(
                "skipping malformed heartbeat item {}/{}: {}",
                pk,
                item.getOrDefault(TableKeys.SK, AttributeValue.fromS("?")).s(),
                e.getMessage());
          }
        }
      }
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "query " + pk, e);
    }
    return beats;
  }

  @Override
  public boolean markStale(InstanceKey instance, long seq, Instant now) {
    UpdateItemRequest request =
        UpdateItemRequest.builder()
            .tableName(table)
            .key(
                Map.of(
                    TableKeys.PK, AttributeValue.fromS(TableKeys.heartbeatPk(instance.region())),
                    TableKeys.SK, AttributeValue.fromS(instance.instanceId())))
            .updateExpression(MARK_STALE_UPDATE)
            .conditionExpression(MARK_STALE_CONDITION)
            .expressionAttributeNames(
                Map.of(
                    "#pk", TableKeys.PK,
                    "#seq", HeartbeatItems.SEQ,
                    "#status", HeartbeatItems.STATUS,
                    "#staleMarkedAt", STALE_MARKED_AT))
            .expressionAttributeValues(
                Map.of(
                    ":seq", AttributeValue.fromN(Long.toString(seq)),
                    ":stale", AttributeValue.fromS(HeartbeatStatus.STALE.name()),
                    ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
            .build();
    try {
      dynamo.updateItem(request);
      return true;
    } catch (ConditionalCheckFailedException e) {
      LOG.debug("{} beat {} not marked STALE: a newer beat arrived or it expired", instance, seq);
      return false;
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "mark " + instance + " STALE", e);
    }
  }
}
