package dev.baton.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client that records each request and answers from a script, so a test can pin the
 * exact request an adapter sends (condition expressions, consistency, pagination). What those
 * requests do to a real table is covered by the *IT tests on moto.
 */
final class RecordingDynamoDb implements DynamoDbClient {
  final List<AwsRequest> requests = new ArrayList<>();
  final Deque<Function<PutItemRequest, PutItemResponse>> puts = new ArrayDeque<>();
  final Deque<Function<UpdateItemRequest, UpdateItemResponse>> updates = new ArrayDeque<>();
  final Deque<Function<QueryRequest, QueryResponse>> queries = new ArrayDeque<>();
  final Deque<Function<BatchGetItemRequest, BatchGetItemResponse>> batchGets = new ArrayDeque<>();

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    return answer(request, puts);
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    return answer(request, updates);
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    return answer(request, queries);
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
    return answer(request, batchGets);
  }

  <R extends AwsRequest> List<R> requestsOf(Class<R> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private <Q extends AwsRequest, A> A answer(Q request, Deque<Function<Q, A>> script) {
    requests.add(request);
    if (script.isEmpty()) {
      throw new AssertionError("unexpected " + request.getClass().getSimpleName() + ": " + request);
    }
    return script.poll().apply(request);
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}
}
