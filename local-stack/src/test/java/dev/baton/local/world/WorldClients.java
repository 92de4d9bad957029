package dev.baton.local.world;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Clients and tables for the world's tests. The table is created here, shaped as template.yaml's
 * (pk/sk strings, NEW_AND_OLD_IMAGES stream): testkit's BatonTable cannot be used, as testkit
 * depends on this module.
 */
final class WorldClients {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  private WorldClients() {}

  static DynamoDbClient dynamo(URI endpoint, String region) {
    return DynamoDbClient.builder()
        .region(Region.of(region))
        .endpointOverride(endpoint)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** A client that makes exactly one attempt per call, so each call is one request. */
  static DynamoDbClient dynamoWithoutRetries(URI endpoint, String region) {
    return DynamoDbClient.builder()
        .region(Region.of(region))
        .endpointOverride(endpoint)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static DynamoDbStreamsClient streams(URI endpoint, String region) {
    return DynamoDbStreamsClient.builder()
        .region(Region.of(region))
        .endpointOverride(endpoint)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** Creates {@code table} as the template defines it, with the given stream view. */
  static String createTable(DynamoDbClient dynamo, String table, StreamViewType view) {
    return dynamo
        .createTable(
            b ->
                b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                    .keySchema(
                        k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(view)))
        .tableDescription()
        .latestStreamArn();
  }
}
