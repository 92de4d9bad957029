package dev.baton.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.store.AgentStore.BatonRead;
import dev.baton.agent.store.DynamoAgentStore;
import dev.baton.agent.store.OutsideTargets;
import dev.baton.domain.Baton;
import dev.baton.local.BatonTable;
import dev.baton.store.BatonItems;
import dev.baton.store.DynamoBatonStore;
import dev.baton.testkit.MotoExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The outside targets the monitor publishes on the baton item, as the agent reads them (moto). */
@ExtendWith(MotoExtension.class)
class OutsideTargetsIT {
  private DynamoDbClient ddb;
  private String table;
  private DynamoAgentStore agentStore;
  private DynamoBatonStore monitorStore;

  @BeforeEach
  void setUp(DynamoDbClient ddb) {
    this.ddb = ddb;
    table = BatonTable.create(ddb, "baton-" + UUID.randomUUID()).name();
    monitorStore = new DynamoBatonStore(ddb, table, Duration.ofHours(1));
    monitorStore.initialize(Baton.initial("nyc1", Instant.parse("2026-03-01T12:00:00Z")));
    agentStore = new DynamoAgentStore(ddb, table, Duration.ofSeconds(5));
  }

  private BatonRead.Found read() {
    BatonRead read = agentStore.readBaton();
    assertThat(read).isInstanceOf(BatonRead.Found.class);
    return (BatonRead.Found) read;
  }

  @Test
  void theAgentReadsTheTargetsTheMonitorPublished() {
    assertThat(read().outsideTargets()).as("none published yet").isEqualTo(OutsideTargets.NONE);

    monitorStore.publishOutsideTargets(
        Map.of(
            "nyc1", "https://nyc1.example.com/health",
            "ams3", "https://ams3.example.com/health?token=abc"));
    BatonRead.Found found = read();

    assertThat(found.baton())
        .hasValueSatisfying(b -> assertThat(b.activeRegion()).isEqualTo("nyc1"));
    assertThat(found.outsideTargets().problem()).isNull();
    assertThat(found.outsideTargets().targets())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "nyc1", URI.create("https://nyc1.example.com/health"),
                "ams3", URI.create("https://ams3.example.com/health?token=abc")));
  }

  @Test
  void aMalformedAttributeIsAProblemNotAFailedRead() {
    ddb.updateItem(
        b ->
            b.tableName(table)
                .key(BatonItems.key())
                .updateExpression("SET #t = :t")
                .expressionAttributeNames(Map.of("#t", BatonItems.OUTSIDE_TARGETS))
                .expressionAttributeValues(
                    Map.of(
                        ":t",
                        AttributeValue.fromS("ams3 https://ams3.example.com/health\nnyc1\n"))));

    BatonRead.Found found = read();

    assertThat(found.baton()).isPresent();
    assertThat(found.outsideTargets().targets()).isEmpty();
    assertThat(found.outsideTargets().problem())
        .startsWith(BatonItems.OUTSIDE_TARGETS + ": " + BatonItems.OUTSIDE_TARGETS_RULE)
        .contains("a line starting 'nyc1' is not");
  }
}
