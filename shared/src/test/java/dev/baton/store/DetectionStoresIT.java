package dev.baton.store;

import static dev.baton.testing.TestFleet.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.InstanceKey;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.local.BatonTable;
import dev.baton.port.AuditLog;
import dev.baton.port.DependencyException;
import dev.baton.port.RegionStateStore.SaveOutcome;
import dev.baton.testkit.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The detection adapters against moto, on the table created from template.yaml. */
@ExtendWith(MotoExtension.class)
class DetectionStoresIT {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private final DynamoDbClient dynamo;
  private final String table;

  DetectionStoresIT(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
    this.table = BatonTable.create(dynamo, "stores-" + TABLES.incrementAndGet()).name();
  }

  private void put(dev.baton.domain.Heartbeat beat) {
    dynamo.putItem(
        b -> b.tableName(table).item(HeartbeatItems.toItem(beat, beat.sentAt().plusSeconds(600))));
  }

  @Test
  void theFleetIsEveryInstanceOfTheRegionsAskedFor() {
    DynamoHeartbeatStore store = new DynamoHeartbeatStore(dynamo, table);
    put(healthy("nyc1", "nyc1-a", 1, NOW));
    put(healthy("nyc1", "nyc1-b", 4, NOW));
    put(healthy("ams3", "ams3-a", 2, NOW));
    put(healthy("sfo3", "sfo3-a", 2, NOW));

    assertThat(store.loadFleet(List.of("nyc1", "ams3")))
        .extracting(b -> b.key().toString())
        .containsExactlyInAnyOrder("nyc1/nyc1-a", "nyc1/nyc1-b", "ams3/ams3-a");
  }

  @Test
  void aStaleMarkNeverOverwritesABeatWrittenAfterTheSweepReadIt() {
    DynamoHeartbeatStore store = new DynamoHeartbeatStore(dynamo, table);
    put(healthy("nyc1", "nyc1-a", 7, NOW));
    put(healthy("nyc1", "nyc1-b", 7, NOW));
    put(healthy("nyc1", "nyc1-b", 8, NOW.plusSeconds(5)));

    boolean staleMarked =
        store.markStale(new InstanceKey("nyc1", "nyc1-a"), 7, NOW.plusSeconds(30));
    boolean overtaken = store.markStale(new InstanceKey("nyc1", "nyc1-b"), 7, NOW.plusSeconds(30));
    boolean gone = store.markStale(new InstanceKey("nyc1", "nyc1-z"), 7, NOW.plusSeconds(30));

    assertThat(staleMarked).isTrue();
    assertThat(overtaken).isFalse();
    assertThat(gone).isFalse();
    var fleet = store.loadFleet(List.of("nyc1"));
    assertThat(fleet)
        .filteredOn(b -> b.instanceId().equals("nyc1-a"))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.status()).isEqualTo(HeartbeatStatus.STALE);
              assertThat(b.seq()).isEqualTo(7);
              assertThat(b.sentAt()).isEqualTo(NOW);
            });
    assertThat(fleet)
        .filteredOn(b -> b.instanceId().equals("nyc1-b"))
        .singleElement()
        .satisfies(b -> assertThat(b.status()).isEqualTo(HeartbeatStatus.HEALTHY));
    assertThat(
            dynamo
                .getItem(
                    b ->
                        b.tableName(table)
                            .key(
                                Map.of(
                                    "pk", AttributeValue.fromS("HB#nyc1"),
                                    "sk", AttributeValue.fromS("nyc1-z"))))
                .hasItem())
        .as("the condition never creates an item")
        .isFalse();
  }

  @Test
  void regionStatesAreComparedAndSetOnTheirVersion() {
    DynamoRegionStateStore store =
        new DynamoRegionStateStore(dynamo, table, List.of("nyc1", "ams3"));
    RegionState fresh =
        new RegionState("nyc1", RegionHealth.HEALTHY, NOW, NOW, NOW, 2, 2, "first", 0);

    SaveOutcome first = store.save(fresh);
    SaveOutcome again = store.save(fresh);
    RegionState stored = ((SaveOutcome.Saved) first).stored();
    SaveOutcome next =
        store.save(
            new RegionState(
                "nyc1",
                RegionHealth.SUSPECT,
                NOW.plusSeconds(5),
                NOW,
                null,
                0,
                2,
                "down",
                stored.version()));
    SaveOutcome stale = store.save(stored);

    assertThat(stored.version()).isEqualTo(1);
    assertThat(again).isInstanceOf(SaveOutcome.Conflict.class);
    assertThat(next).isInstanceOf(SaveOutcome.Saved.class);
    assertThat(stale)
        .isEqualTo(
            new SaveOutcome.Conflict("nyc1", "expected stored version 1, found stored version 2"));
    assertThat(store.loadAll())
        .containsOnlyKeys("nyc1")
        .extractingByKey("nyc1")
        .satisfies(
            s -> {
              assertThat(s.health()).isEqualTo(RegionHealth.SUSPECT);
              assertThat(s.version()).isEqualTo(2);
              assertThat(s.upSince()).isNull();
            });
  }

  @Test
  void auditEntriesAreReadableUnderTheirDay() {
    DynamoAuditLog audit =
        new DynamoAuditLog(dynamo, table, Duration.ofDays(90), new SplittableRandom(7));
    AuditLog.Entry entry =
        new AuditLog.Entry(
            NOW,
            "alarm",
            "OBSERVER_SUSPECT",
            "every region down",
            Map.of("metric", "ObserverSuspect"));

    audit.record(entry);
    audit.record(entry);

    var items =
        dynamo
            .query(
                b ->
                    b.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(
                            Map.of(":pk", AttributeValue.fromS(AuditItems.pk(NOW)))))
            .items();
    assertThat(items).hasSize(2);
    assertThat(items).allSatisfy(i -> assertThat(AuditItems.fromItem(i)).isEqualTo(entry));
  }

  @Test
  void anAuditEntryWrittenAgainUnderItsIdLeavesOneItemAndAnotherEntryThereIsRefused() {
    DynamoAuditLog audit =
        new DynamoAuditLog(dynamo, table, Duration.ofDays(90), new SplittableRandom(7));
    AuditLog.Entry entry =
        new AuditLog.Entry(NOW, "region-transition", "nyc1", "nyc1 is SUSPECT", Map.of());
    AuditLog.Entry other =
        new AuditLog.Entry(NOW, "region-transition", "nyc1", "nyc1 is HEALTHY", Map.of());

    audit.record(entry, "00000000000000aa");
    audit.record(entry, "00000000000000aa");

    assertThatThrownBy(() -> audit.record(other, "00000000000000aa"))
        .isInstanceOfSatisfying(DependencyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("holds another entry");
    var items =
        dynamo
            .query(
                b ->
                    b.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(
                            Map.of(":pk", AttributeValue.fromS(AuditItems.pk(NOW)))))
            .items();
    assertThat(items)
        .singleElement()
        .satisfies(i -> assertThat(AuditItems.fromItem(i)).isEqualTo(entry));
  }
}
