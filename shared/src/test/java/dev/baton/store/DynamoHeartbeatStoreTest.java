package dev.baton.store;

import static dev.baton.testing.TestFleet.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.InstanceKey;
import dev.baton.port.DependencyException;
import dev.baton.testing.TestFleet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The requests the heartbeat adapter sends, pinned. */
class DynamoHeartbeatStoreTest {
  private final RecordingDynamoDb dynamo = new RecordingDynamoDb();
  private final DynamoHeartbeatStore store = new DynamoHeartbeatStore(dynamo, "baton");

  @Test
  void theStaleMarkIsConditionalOnTheSeqJudgedStale() {
    dynamo.updates.add(r -> UpdateItemResponse.builder().build());

    boolean marked = store.markStale(new InstanceKey("nyc1", "nyc1-a"), 41, T0);

    UpdateItemRequest request = dynamo.requestsOf(UpdateItemRequest.class).get(0);
    assertThat(marked).isTrue();
    assertThat(request.conditionExpression()).isEqualTo("attribute_exists(#pk) AND #seq = :seq");
    assertThat(request.updateExpression()).isEqualTo("SET #status = :stale, #staleMarkedAt = :now");
    assertThat(request.expressionAttributeNames())
        .containsEntry("#pk", "pk")
        .containsEntry("#seq", "seq")
        .containsEntry("#status", "status");
    assertThat(request.expressionAttributeValues())
        .containsEntry(":seq", AttributeValue.fromN("41"))
        .containsEntry(":stale", AttributeValue.fromS("STALE"))
        .containsEntry(":now", AttributeValue.fromN(Long.toString(T0.toEpochMilli())));
    assertThat(request.key())
        .containsEntry("pk", AttributeValue.fromS("HB#nyc1"))
        .containsEntry("sk", AttributeValue.fromS("nyc1-a"));
  }

  @Test
  void aLostStaleMarkConditionMeansANewerBeatArrived() {
    dynamo.updates.add(
        r -> {
          throw ConditionalCheckFailedException.builder().message("seq moved").build();
        });

    assertThat(store.markStale(new InstanceKey("nyc1", "nyc1-a"), 41, T0)).isFalse();
  }

  @Test
  void eachRegionsPartitionIsQueriedConsistentlyAcrossPages() {
    Map<String, AttributeValue> a =
        HeartbeatItems.toItem(TestFleet.healthy("nyc1", "nyc1-a", 1, T0), T0.plusSeconds(600));
    Map<String, AttributeValue> b =
        HeartbeatItems.toItem(TestFleet.healthy("nyc1", "nyc1-b", 1, T0), T0.plusSeconds(600));
    dynamo.queries.add(
        r -> QueryResponse.builder().items(a).lastEvaluatedKey(Map.of("pk", a.get("pk"))).build());
    dynamo.queries.add(r -> QueryResponse.builder().items(b).build());
    dynamo.queries.add(r -> QueryResponse.builder().items(List.of()).build());

    var beats = store.loadFleet(List.of("nyc1", "ams3"));

    assertThat(beats).extracting(h -> h.instanceId()).containsExactly("nyc1-a", "nyc1-b");
    List<QueryRequest> queries = dynamo.requestsOf(QueryRequest.class);
    assertThat(queries).hasSize(3);
    assertThat(queries)
        .allSatisfy(q -> assertThat(q.keyConditionExpression()).isEqualTo("#pk = :pk"));
    assertThat(queries).allSatisfy(q -> assertThat(q.consistentRead()).isTrue());
    assertThat(queries.get(1).exclusiveStartKey()).isNotEmpty();
    assertThat(queries.get(2).expressionAttributeValues())
        .containsEntry(":pk", AttributeValue.fromS("HB#ams3"));
  }

  @Test
  void aMalformedItemIsSkippedNotFatal() {
    Map<String, AttributeValue> good =
        HeartbeatItems.toItem(TestFleet.healthy("nyc1", "nyc1-a", 1, T0), T0.plusSeconds(600));
    Map<String, AttributeValue> bad =
        Map.of("pk", AttributeValue.fromS("HB#nyc1"), "sk", AttributeValue.fromS("x"));
    dynamo.queries.add(r -> QueryResponse.builder().items(bad, good).build());

    assertThat(store.loadFleet(List.of("nyc1"))).hasSize(1);
  }

  @Test
  void anUnreachableTableIsARetryableDependencyFailure() {
    dynamo.queries.add(
        r -> {
          throw SdkClientException.create("connection reset");
        });

    assertThatThrownBy(() -> store.loadFleet(List.of("nyc1")))
        .isInstanceOfSatisfying(
            DependencyException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("query HB#nyc1").contains("connection reset");
            });
  }
}
