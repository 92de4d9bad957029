package dev.baton.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client that records every request and answers from a script, so a test can pin the
 * exact request an adapter sends (condition expressions, consistency). Behaviour against a real
 * table is covered by the *IT tests on moto.
 */
final class ScriptedDynamoDb implements DynamoDbClient {
  final List<AwsRequest> requests = new ArrayList<>();
  Map<String, AttributeValue> storedItem = Map.of();
  final Deque<Function<UpdateItemRequest, UpdateItemResponse>> updates = new ArrayDeque<>();
  final Deque<Function<PutItemRequest, PutItemResponse>> puts = new ArrayDeque<>();

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    requests.add(request);
    return GetItemResponse.builder().item(storedItem).build();
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    requests.add(request);
    if (updates.isEmpty()) {
      throw new AssertionError("unexpected UpdateItem: " + request);
    }
    return updates.poll().apply(request);
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    requests.add(request);
    if (puts.isEmpty()) {
      throw new AssertionError("unexpected PutItem: " + request);
    }
    return puts.poll().apply(request);
  }

  <R extends AwsRequest> List<R> requestsOf(Class<R> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}
}
