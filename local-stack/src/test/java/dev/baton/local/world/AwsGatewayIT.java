package dev.baton.local.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.local.MotoServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The gateway's paths and faults, with the real SDK against moto. */
class AwsGatewayIT {
  private static final String EAST = "us-east-1";
  private static final String IRELAND = "eu-west-1";
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static MotoServer moto;

  private final String table = "gateway-" + TABLES.incrementAndGet();
  private final AwsGateway gateway;
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    moto.stop();
  }

  AwsGatewayIT() {
    for (String region : List.of(EAST, IRELAND)) {
      try (DynamoDbClient direct = WorldClients.dynamo(moto.endpoint(), region)) {
        WorldClients.createTable(direct, table, StreamViewType.NEW_AND_OLD_IMAGES);
      }
    }
    gateway = AwsGateway.start(moto.endpoint(), 11);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    gateway.close();
  }

  /** A client at {@code site} for {@code region}, through the gateway, one attempt per call. */
  private DynamoDbClient from(String site, String region) {
    DynamoDbClient client =
        WorldClients.dynamoWithoutRetries(gateway.endpoint(site, region), region);
    clients.add(client);
    return client;
  }

  private DynamoDbClient direct(String region) {
    DynamoDbClient client = WorldClients.dynamo(moto.endpoint(), region);
    clients.add(client);
    return client;
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("STATE"));
  }

  private void put(DynamoDbClient client, String pk) {
    client.putItem(b -> b.tableName(table).item(key(pk)));
  }

  private boolean exists(DynamoDbClient client, String pk) {
    return client.getItem(b -> b.tableName(table).key(key(pk)).consistentRead(true)).hasItem();
  }

  private void assertCut(DynamoDbClient client) {
    assertThatThrownBy(() -> exists(client, "REGION#nyc1"))
        .isInstanceOf(SdkClientException.class)
        .hasRootCauseInstanceOf(IOException.class);
  }

  @Test
  void aCallThroughAPathReachesThatRegionsReplicaOnly() {
    put(from("nyc1", EAST), "REGION#nyc1");

    assertThat(exists(direct(EAST), "REGION#nyc1")).isTrue();
    assertThat(exists(direct(IRELAND), "REGION#nyc1")).isFalse();
    assertThat(exists(from("nyc1", IRELAND), "REGION#nyc1")).isFalse();
    assertThat(gateway.stats("nyc1", EAST))
        .isEqualTo(new AwsGateway.PathStats("nyc1", EAST, 1, 0, 0, 0));
  }

  @Test
  void aPartitionCutsOnlyItsPathUntilHealed() {
    DynamoDbClient nyc1East = from("nyc1", EAST);
    put(direct(EAST), "REGION#nyc1");
    put(direct(IRELAND), "REGION#nyc1");

    gateway.partition("nyc1", EAST);

    assertCut(nyc1East);
    assertThat(exists(from("nyc1", IRELAND), "REGION#nyc1")).isTrue();
    assertThat(exists(from("ams3", EAST), "REGION#nyc1")).isTrue();
    assertThat(gateway.stats("nyc1", EAST).refused()).isPositive();
    assertThat(gateway.stats("nyc1", EAST).forwarded()).isZero();

    gateway.heal("nyc1", EAST);

    assertThat(exists(nyc1East, "REGION#nyc1")).isTrue();
  }

  @Test
  void anIsolatedRegionIsCutFromEverySiteButItsOwnFunctions() {
    put(direct(EAST), "REGION#nyc1");
    put(direct(IRELAND), "REGION#nyc1");

    gateway.isolate(EAST);

    assertCut(from("nyc1", EAST));
    assertCut(from("ams3", EAST));
    assertCut(from(AwsGateway.awsSite(IRELAND), EAST));
    assertThat(exists(from(AwsGateway.awsSite(EAST), EAST), "REGION#nyc1")).isTrue();
    assertThat(exists(from("nyc1", IRELAND), "REGION#nyc1")).isTrue();

    gateway.restore(EAST);

    assertThat(exists(from("nyc1", EAST), "REGION#nyc1")).isTrue();
  }

  @Test
  void aThrottledRegionAnswersAsDynamoDbDoesAndTheSdkSeesThrottling() {
    DynamoDbClient nyc1East = from("nyc1", EAST);
    gateway.throttle(EAST, 1.0);

    assertThatThrownBy(() -> put(nyc1East, "REGION#nyc1"))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.isThrottlingException()).isTrue();
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("Rate of requests exceeds the allowed throughput.");
            });
    assertThat(exists(direct(EAST), "REGION#nyc1")).isFalse();
    assertThat(exists(from("nyc1", IRELAND), "REGION#nyc1")).isFalse();

    gateway.throttle(EAST, 0.5);
    int throttled = 0;
    for (int i = 0; i < 200; i++) {
      try {
        exists(nyc1East, "REGION#nyc1");
      } catch (DynamoDbException e) {
        assertThat(e.isThrottlingException()).isTrue();
        throttled++;
      }
    }
    assertThat(throttled).isBetween(70, 130);
    assertThat(gateway.stats("nyc1", EAST).throttled()).isEqualTo(1 + throttled);

    gateway.throttle(EAST, 0);
    for (int i = 0; i < 20; i++) {
      exists(nyc1East, "REGION#nyc1");
    }
  }

  @Test
  void aRequestSignedForAnotherRegionIsRejectedNamingBoth() {
    DynamoDbClient miswired =
        WorldClients.dynamoWithoutRetries(gateway.endpoint("nyc1", EAST), IRELAND);
    clients.add(miswired);

    assertThatThrownBy(() -> put(miswired, "REGION#nyc1"))
        .isInstanceOfSatisfying(
            DynamoDbException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
        .hasMessageContaining("signed for region eu-west-1, not us-east-1")
        .hasMessageContaining("nyc1->us-east-1");
    assertThat(gateway.stats("nyc1", EAST).rejected()).isEqualTo(1);
    assertThat(exists(direct(IRELAND), "REGION#nyc1")).isFalse();
  }

  @Test
  void streamCallsGoThroughAPathToo() {
    String site = AwsGateway.awsSite(EAST);
    put(direct(EAST), "HB#nyc1");
    DynamoDbStreamsClient streams = WorldClients.streams(gateway.endpoint(site, EAST), EAST);
    clients.add(streams);

    String arn = from(site, EAST).describeTable(b -> b.tableName(table)).table().latestStreamArn();
    String shard =
        streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
    String iterator =
        streams
            .getShardIterator(
                b ->
                    b.streamArn(arn)
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    assertThat(streams.getRecords(b -> b.shardIterator(iterator)).records())
        .singleElement()
        .satisfies(r -> assertThat(r.dynamodb().keys().get("pk").s()).isEqualTo("HB#nyc1"));
    assertThat(gateway.stats(site, EAST).forwarded()).isEqualTo(4);

    gateway.partition(site, EAST);
    assertThatThrownBy(() -> streams.describeStream(b -> b.streamArn(arn)))
        .isInstanceOf(SdkClientException.class);
  }
}
