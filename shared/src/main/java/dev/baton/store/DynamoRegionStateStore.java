package dev.baton.store;

import dev.baton.domain.RegionState;
import dev.baton.port.DependencyException;
import dev.baton.port.RegionStateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The region state items in DynamoDB. Concurrency rule: a save is a compare-and-set on the item's
 * {@code version} (absence for version 0); a lost race is {@link SaveOutcome.Conflict}, never an
 * exception. Reads are strongly consistent, so a re-read after a conflict sees the winner.
 */
public final class DynamoRegionStateStore implements RegionStateStore {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoRegionStateStore.class);

  /** The first save of a region: nobody stored one meanwhile. */
  static final String CREATE_CONDITION = "attribute_not_exists(#pk)";

  /** Every later save: the stored item is still the one this state was derived from. */
  static final String UPDATE_CONDITION = "#version = :expected";

  /** BatchGetItem returns unprocessed keys under load; retried this many times, then it fails. */
  static final int MAX_BATCH_ROUNDS = 5;

  private final DynamoDbClient dynamo;
  private final String table;
  private final List<String> regions;

  /**
   * @param regions every region of the topology (the items are read by key)
   */
  public DynamoRegionStateStore(DynamoDbClient dynamo, String table, List<String> regions) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
    this.regions = List.copyOf(regions);
  }

  @Override
  public Map<String, RegionState> loadAll() {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    regions.forEach(region -> keys.add(RegionStateItems.key(region)));
    Map<String, KeysAndAttributes> pending =
        Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
    Map<String, RegionState> states = new LinkedHashMap<>();
    try {
      for (int round = 1; !pending.isEmpty(); round++) {
        if (round > MAX_BATCH_ROUNDS) {
          throw new DependencyException(
              "dynamodb",
              "read region states: keys still unprocessed after " + MAX_BATCH_ROUNDS + " rounds",
              true,
              null);
        }
        BatchGetItemResponse response =
            dynamo.batchGetItem(BatchGetItemRequest.builder().requestItems(pending).build());
        for (Map<String, AttributeValue> item :
            response.responses().getOrDefault(table, List.of())) {
          try {
            RegionState state = RegionStateItems.fromItem(item);
            states.put(state.region(), state);
          } catch (MalformedItemException e) {
            LOG.error(
                "ignoring malformed region state item {}: {}",
                item.getOrDefault(TableKeys.PK, AttributeValue.fromS("?")).s(),
                e.getMessage());
          }
        }
        pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      }
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "read region states", e);
    }
    return states;
  }

  @Override
  public SaveOutcome save(RegionState next) {
    long expected = next.version();
    RegionState stored = next.withVersion(expected + 1);
    PutItemRequest.Builder request =
        PutItemRequest.builder()
            .tableName(table)
            .item(RegionStateItems.toItem(stored))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    if (expected == 0) {
      request
          .conditionExpression(CREATE_CONDITION)
          .expressionAttributeNames(Map.of("#pk", TableKeys.PK));
    } else {
      request
          .conditionExpression(UPDATE_CONDITION)
          .expressionAttributeNames(Map.of("#version", RegionStateItems.VERSION))
          .expressionAttributeValues(
              Map.of(":expected", AttributeValue.fromN(Long.toString(expected))));
    }
    try {
      dynamo.putItem(request.build());
      return new SaveOutcome.Saved(stored);
    } catch (ConditionalCheckFailedException e) {
      return new SaveOutcome.Conflict(next.region(), conflictDetail(expected, e));
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "save region state " + next.region(), e);
    }
  }

  private static String conflictDetail(long expected, ConditionalCheckFailedException e) {
    Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
    AttributeValue version = old.get(RegionStateItems.VERSION);
    String found =
        old.isEmpty()
            ? "no stored item"
            : "stored version " + (version == null ? "unknown" : version.n());
    return "expected "
        + (expected == 0 ? "no stored item" : "stored version " + expected)
        + ", found "
        + found;
  }
}
