package dev.baton.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** Passes the item calls to a real client; tests override one to interleave another writer. */
public class DelegatingDynamoDb implements DynamoDbClient {
  private final DynamoDbClient real;

  public DelegatingDynamoDb(DynamoDbClient real) {
    this.real = real;
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    return real.getItem(request);
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    return real.putItem(request);
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    return real.updateItem(request);
  }

  /**
   * A client whose writes reach the table one at a time, as DynamoDB applies conditional writes to
   * one item: moto's threaded server checks a condition and writes without a lock, so two truly
   * simultaneous conditional writes could both pass there (never on DynamoDB). Reads stay
   * concurrent.
   */
  public static DynamoDbClient serializingWrites(DynamoDbClient real) {
    Object lock = new Object();
    return new DelegatingDynamoDb(real) {
      @Override
      public PutItemResponse putItem(PutItemRequest request) {
        synchronized (lock) {
          return super.putItem(request);
        }
      }

      @Override
      public UpdateItemResponse updateItem(UpdateItemRequest request) {
        synchronized (lock) {
          return super.updateItem(request);
        }
      }
    };
  }

  @Override
  public String serviceName() {
    return real.serviceName();
  }

  @Override
  public void close() {}
}
