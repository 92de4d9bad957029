package dev.baton.store;

import static dev.baton.testing.TestFleet.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.detection.ExpiredItems;
import dev.baton.domain.Heartbeat;
import dev.baton.local.BatonTable;
import dev.baton.port.AuditLog;
import dev.baton.port.DependencyException;
import dev.baton.testkit.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Expiry without TTL against moto, on the table created from template.yaml (the strongly consistent
 * variant: no TTL at all, so whatever goes, the sweeper deleted).
 */
@ExtendWith(MotoExtension.class)
class DynamoExpiredItemsIT {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Duration RETENTION = Duration.ofDays(30);

  private final DynamoDbClient dynamo;
  private final String table;

  DynamoExpiredItemsIT(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
    this.table = BatonTable.create(dynamo, "expiry-" + TABLES.incrementAndGet()).name();
  }

  @Test
  void aGoneInstancesBeatIsDeletedOnceExpiredAndNothingElseIs() {
    Instant twoHoursAgo = NOW.minus(Duration.ofHours(2));
    Heartbeat gone = healthy("nyc1", "gone", 7, twoHoursAgo);
    Heartbeat longTtl = healthy("nyc1", "long-ttl", 7, twoHoursAgo);
    Heartbeat revived = healthy("nyc1", "revived", 7, twoHoursAgo);
    Heartbeat live = healthy("ams3", "live", 900, NOW.minusSeconds(5));
    put(gone, NOW.minusSeconds(1));
    put(longTtl, NOW.plus(Duration.ofHours(1)));
    // Beating again since the sweep loaded seq 7, its new item not yet expired... nor is the
    // loaded one's condition true any more: the item holds seq 8.
    put(healthy("nyc1", "revived", 8, NOW.minusSeconds(2)), NOW.minusSeconds(1));
    put(live, NOW.plus(Duration.ofHours(1)));
    // Already deleted (by TTL, or by another monitor): loaded, but no item.
    Heartbeat alreadyGone = healthy("nyc1", "already-gone", 3, twoHoursAgo);

    ExpiredItems.Outcome outcome =
        expiry(25).expire(List.of(gone, longTtl, revived, live, alreadyGone), NOW);

    assertThat(outcome).isEqualTo(new ExpiredItems.Outcome(1, 0, 3, false));
    assertThat(heartbeats())
        .containsExactlyInAnyOrder("nyc1/long-ttl", "nyc1/revived", "ams3/live");
  }

  @Test
  void threeMonitorsAtOnceDeleteEveryExpiredItemExactlyOnce() throws Exception {
    List<Heartbeat> loaded = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Heartbeat beat = healthy("nyc1", "gone-" + i, 1, NOW.minus(Duration.ofHours(3)));
      put(beat, NOW.minus(Duration.ofHours(2)));
      loaded.add(beat);
    }
    for (int i = 0; i < 6; i++) {
      audit(NOW.minus(RETENTION).minus(Duration.ofMinutes(10 + i)), "old-" + i);
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<ExpiredItems.Outcome>> monitors = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      DynamoExpiredItems expiry = expiry(25);
      monitors.add(
          () -> {
            start.await();
            return expiry.expire(loaded, NOW);
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<ExpiredItems.Outcome> outcomes = new ArrayList<>();
    try {
      List<Future<ExpiredItems.Outcome>> running = new ArrayList<>();
      for (Callable<ExpiredItems.Outcome> monitor : monitors) {
        running.add(pool.submit(monitor));
      }
      start.countDown();
      for (Future<ExpiredItems.Outcome> outcome : running) {
        outcomes.add(outcome.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(outcomes.stream().mapToInt(ExpiredItems.Outcome::heartbeatsDeleted).sum())
        .isEqualTo(12);
    assertThat(outcomes.stream().mapToInt(ExpiredItems.Outcome::auditDeleted).sum()).isEqualTo(6);
    assertThat(heartbeats()).isEmpty();
    assertThat(auditKeys(NOW.minus(RETENTION))).isEmpty();
  }

  @Test
  void auditItemsGoByKeyOnceOlderThanTheRetentionAtMostTheBoundPerPass() {
    Instant expiring = NOW.minus(RETENTION);
    for (int i = 1; i <= 5; i++) {
      audit(expiring.minus(Duration.ofMinutes(i)), "expired-" + i);
    }
    audit(expiring.minus(Duration.ofDays(1)).minus(Duration.ofHours(1)), "day-before");
    // Two days older than the expiring day: found by the catch-up (one older day per pass; with
    // catchUpDays 1, always this one).
    audit(expiring.minus(Duration.ofDays(2)), "catch-up");
    audit(expiring.plus(Duration.ofMinutes(1)), "kept");
    int before = allAudit();
    DynamoExpiredItems expiry =
        new DynamoExpiredItems(dynamo, table, RETENTION, Duration.ofHours(1), 3, 1);

    ExpiredItems.Outcome first = expiry.expire(List.of(), NOW);
    ExpiredItems.Outcome second = expiry.expire(List.of(), NOW);
    ExpiredItems.Outcome third = expiry.expire(List.of(), NOW);

    assertThat(before).isEqualTo(8);
    assertThat(first).isEqualTo(new ExpiredItems.Outcome(0, 3, 0, true));
    assertThat(second.auditDeleted() + third.auditDeleted()).isEqualTo(4);
    assertThat(third.budgetSpent()).isFalse();
    assertThat(allAudit()).isEqualTo(1);
    assertThat(new DynamoAuditLogReader().kinds()).containsExactly("kept");
  }

  @Test
  void aNewerAuditItemInAnExpiringDayStaysEvenWhenItsRetentionIsLonger() {
    // Written with a longer retention than the sweeper assumes: its expiresAt decides.
    new DynamoAuditLog(dynamo, table, RETENTION.plus(Duration.ofDays(10)), new SplittableRandom(1))
        .record(entry(NOW.minus(RETENTION).minus(Duration.ofHours(1)), "longer"));

    ExpiredItems.Outcome outcome = expiry(25).expire(List.of(), NOW);

    assertThat(outcome).isEqualTo(new ExpiredItems.Outcome(0, 0, 1, false));
    assertThat(allAudit()).isEqualTo(1);
  }

  @Test
  void aTableThatCannotBeReachedIsADependencyFailureNamingTheCall() {
    DynamoExpiredItems missing = new DynamoExpiredItems(dynamo, "no-such-table", RETENTION);

    assertThatThrownBy(() -> missing.expire(List.of(), NOW))
        .isInstanceOf(DependencyException.class)
        .hasMessageContaining("query expired audit items of AUDIT#");
  }

  private DynamoExpiredItems expiry(int maxDeletes) {
    return new DynamoExpiredItems(dynamo, table, RETENTION, Duration.ofHours(1), maxDeletes, 7);
  }

  private void put(Heartbeat beat, Instant expiresAt) {
    dynamo.putItem(b -> b.tableName(table).item(HeartbeatItems.toItem(beat, expiresAt)));
  }

  private void audit(Instant at, String kind) {
    new DynamoAuditLog(dynamo, table, RETENTION, new SplittableRandom(at.toEpochMilli()))
        .record(entry(at, kind));
  }

  private static AuditLog.Entry entry(Instant at, String kind) {
    return new AuditLog.Entry(at, kind, "nyc1", "test", Map.of());
  }

  private List<String> heartbeats() {
    return dynamo.scan(b -> b.tableName(table)).items().stream()
        .filter(i -> i.get(TableKeys.PK).s().startsWith(TableKeys.HEARTBEAT_PREFIX))
        .map(i -> i.get(HeartbeatItems.REGION).s() + "/" + i.get(TableKeys.SK).s())
        .toList();
  }

  private List<Map<String, AttributeValue>> auditKeys(Instant day) {
    return dynamo
        .query(
            b ->
                b.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(AuditItems.pk(day)))))
        .items();
  }

  private int allAudit() {
    return new DynamoAuditLogReader().kinds().size();
  }

  /** Every audit item's kind, by scan (tests only: the code never scans). */
  private final class DynamoAuditLogReader {
    List<String> kinds() {
      return dynamo.scan(b -> b.tableName(table)).items().stream()
          .filter(i -> i.get(TableKeys.PK).s().startsWith(TableKeys.AUDIT_PREFIX))
          .map(i -> i.get(AuditItems.KIND).s())
          .toList();
    }
  }
}
