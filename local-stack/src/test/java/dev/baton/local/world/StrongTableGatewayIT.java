package dev.baton.local.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.local.MotoServer;
import java.io.IOException;
import java.time.Duration;
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
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The gateway's emulation of a strongly consistent (MRSC) table over three regions, with the real
 * SDK against moto: one copy, isolation, replicated write conflicts.
 */
class StrongTableGatewayIT {
  private static final String EAST = "us-east-1";
  private static final String OHIO = "us-east-2";
  private static final String OREGON = "us-west-2";
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static MotoServer moto;

  private final String table = "strong-" + TABLES.incrementAndGet();
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

  StrongTableGatewayIT() {
    // The one copy lives in us-east-1's moto; the other regions have no table of their own.
    try (DynamoDbClient direct = WorldClients.dynamo(moto.endpoint(), EAST)) {
      WorldClients.createTable(direct, table, StreamViewType.NEW_AND_OLD_IMAGES);
    }
    gateway = AwsGateway.start(moto.endpoint(), 3);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    gateway.close();
  }

  private void strong(Duration conflictWindow) {
    gateway.emulateStrongTable(
        EAST, List.of(EAST, OHIO, OREGON), List.of("pk", "sk"), conflictWindow);
  }

  private DynamoDbClient from(String site, String region) {
    DynamoDbClient client =
        WorldClients.dynamoWithoutRetries(gateway.endpoint(site, region), region);
    clients.add(client);
    return client;
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("STATE"));
  }

  private void put(DynamoDbClient client, String pk, String value) {
    client.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk",
                        AttributeValue.fromS(pk),
                        "sk",
                        AttributeValue.fromS("STATE"),
                        "v",
                        AttributeValue.fromS(value))));
  }

  private String read(DynamoDbClient client, String pk) {
    var item = client.getItem(b -> b.tableName(table).key(key(pk)).consistentRead(true)).item();
    return item.containsKey("v") ? item.get("v").s() : null;
  }

  @Test
  void everyRegionReadsTheLatestWriteMadeInAnyRegion() {
    strong(Duration.ZERO);

    put(from("nyc1", OHIO), "BATON", "nyc1");
    assertThat(read(from("ams3", OREGON), "BATON")).isEqualTo("nyc1");
    assertThat(read(from(AwsGateway.awsSite(EAST), EAST), "BATON")).isEqualTo("nyc1");

    put(from(AwsGateway.awsSite(OREGON), OREGON), "BATON", "ams3");
    assertThat(read(from("nyc1", OHIO), "BATON")).isEqualTo("ams3");
  }

  @Test
  void anIsolatedRegionIsCutFromItsOwnFunctionsTooAndTheOthersGoOn() {
    strong(Duration.ZERO);
    put(from("nyc1", OHIO), "BATON", "nyc1");

    gateway.isolate(EAST);

    for (DynamoDbClient cut : List.of(from(AwsGateway.awsSite(EAST), EAST), from("nyc1", EAST))) {
      assertThatThrownBy(() -> read(cut, "BATON"))
          .isInstanceOf(SdkClientException.class)
          .hasRootCauseInstanceOf(IOException.class);
    }
    put(from(AwsGateway.awsSite(OHIO), OHIO), "BATON", "ams3");
    assertThat(read(from("ams3", OREGON), "BATON")).isEqualTo("ams3");

    gateway.restore(EAST);

    assertThat(read(from(AwsGateway.awsSite(EAST), EAST), "BATON")).isEqualTo("ams3");
  }

  @Test
  void aWriteToAnItemAnotherRegionJustWroteRaisesTheReplicatedWriteConflict() {
    // A window far longer than the test, so the second write falls in it without timing.
    strong(Duration.ofHours(1));
    put(from(AwsGateway.awsSite(EAST), EAST), "BATON", "nyc1");

    assertThatThrownBy(() -> put(from(AwsGateway.awsSite(OHIO), OHIO), "BATON", "ams3"))
        .isInstanceOfSatisfying(
            ReplicatedWriteConflictException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains("written concurrently in us-east-1");
              // The SDK's own retries take it again (the service model marks it retryable).
              assertThat(e.isRetryableException()).isTrue();
            });
    assertThat(gateway.conflicts()).isEqualTo(1);
    assertThat(read(from("nyc1", OREGON), "BATON"))
        .as("the refused write changed nothing")
        .isEqualTo("nyc1");

    // The same region writes again, and another region writes another item: no conflict.
    put(from("nyc1", EAST), "BATON", "nyc1-again");
    put(from("ams3", OHIO), "HB#ams3", "beat");
    assertThat(read(from("ams3", OREGON), "BATON")).isEqualTo("nyc1-again");
  }

  @Test
  void theCopyRegionMustBeOneOfTheTablesRegions() {
    assertThatThrownBy(
            () ->
                gateway.emulateStrongTable(
                    "eu-west-1", List.of(EAST, OHIO, OREGON), List.of("pk"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("copyRegion eu-west-1 must be one of");
  }
}
