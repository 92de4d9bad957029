package dev.baton.store;

import static dev.baton.testing.TestFleet.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.port.RegionStateStore.SaveOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/** The requests the region state adapter sends, pinned. */
class DynamoRegionStateStoreTest {
  private final RecordingDynamoDb dynamo = new RecordingDynamoDb();
  private final DynamoRegionStateStore store =
      new DynamoRegionStateStore(dynamo, "baton", List.of("nyc1", "ams3"));

  private static RegionState state(long version) {
    return new RegionState(
        "nyc1", RegionHealth.SUSPECT, T0, T0.minusSeconds(5), null, 0, 2, "sample down", version);
  }

  @Test
  void theFirstSaveRequiresThatNoItemExists() {
    dynamo.puts.add(r -> PutItemResponse.builder().build());

    SaveOutcome outcome = store.save(state(0));

    PutItemRequest request = dynamo.requestsOf(PutItemRequest.class).get(0);
    assertThat(request.conditionExpression()).isEqualTo("attribute_not_exists(#pk)");
    assertThat(request.expressionAttributeNames()).containsExactlyEntriesOf(Map.of("#pk", "pk"));
    assertThat(request.item()).containsEntry("version", AttributeValue.fromN("1"));
    assertThat(outcome).isEqualTo(new SaveOutcome.Saved(state(1)));
  }

  @Test
  void laterSavesAreConditionalOnTheVersionTheyWereDerivedFrom() {
    dynamo.puts.add(r -> PutItemResponse.builder().build());

    store.save(state(7));

    PutItemRequest request = dynamo.requestsOf(PutItemRequest.class).get(0);
    assertThat(request.conditionExpression()).isEqualTo("#version = :expected");
    assertThat(request.expressionAttributeNames())
        .containsExactlyEntriesOf(Map.of("#version", "version"));
    assertThat(request.expressionAttributeValues())
        .containsExactlyEntriesOf(Map.of(":expected", AttributeValue.fromN("7")));
    assertThat(request.item()).containsEntry("version", AttributeValue.fromN("8"));
  }

  @Test
  void aLostConditionIsAConflictNamingTheVersionFound() {
    dynamo.puts.add(
        r -> {
          throw ConditionalCheckFailedException.builder()
              .message("The conditional request failed")
              .item(RegionStateItems.toItem(state(9)))
              .build();
        });

    SaveOutcome outcome = store.save(state(7));

    assertThat(outcome)
        .isEqualTo(
            new SaveOutcome.Conflict("nyc1", "expected stored version 7, found stored version 9"));
  }

  @Test
  void allStatesAreReadConsistentlyByKeyRetryingUnprocessedKeys() {
    Map<String, AttributeValue> nyc1 = RegionStateItems.toItem(state(3));
    dynamo.batchGets.add(
        r ->
            BatchGetItemResponse.builder()
                .responses(Map.of("baton", List.of(nyc1)))
                .unprocessedKeys(
                    Map.of(
                        "baton",
                        KeysAndAttributes.builder()
                            .keys(List.of(RegionStateItems.key("ams3")))
                            .consistentRead(true)
                            .build()))
                .build());
    dynamo.batchGets.add(
        r -> BatchGetItemResponse.builder().responses(Map.of("baton", List.of())).build());

    Map<String, RegionState> states = store.loadAll();

    assertThat(states).containsOnlyKeys("nyc1");
    assertThat(states.get("nyc1")).isEqualTo(state(3));
    BatchGetItemRequest first = dynamo.requestsOf(BatchGetItemRequest.class).get(0);
    assertThat(first.requestItems().get("baton").consistentRead()).isTrue();
    assertThat(first.requestItems().get("baton").keys())
        .containsExactly(RegionStateItems.key("nyc1"), RegionStateItems.key("ams3"));
    assertThat(dynamo.requestsOf(BatchGetItemRequest.class)).hasSize(2);
  }
}
