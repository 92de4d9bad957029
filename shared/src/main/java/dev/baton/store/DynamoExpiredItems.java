package dev.baton.store;

import dev.baton.detection.ExpiredItems;
import dev.baton.domain.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;

/**
 * Expiry without TTL on the control table (docs/decisions/0024), run by the sweeper every minute in
 * every monitor region.
 *
 * <ul>
 *   <li><b>Heartbeats</b>: of the beats the sweep loaded, those sent more than {@code
 *       heartbeatGrace} ago (an agent beats every few seconds, so only a gone instance is that
 *       old), oldest first, are deleted on condition {@code seq = <loaded seq> AND expiresAt <
 *       now}: a beat written since, or an item whose agent set a longer TTL, stays.
 *   <li><b>Audit</b>: items are found by key, without a scan: {@code AUDIT#<day>} partitions hold a
 *       day's items sorted by time, and an item expires {@code retention} after its time. Each pass
 *       queries the day expiring now and the day before it for items older than {@code now -
 *       retention}, and one older day in turn (the {@code catchUpDays} before those two, one per
 *       minute), which clears what a monitor outage left behind. Each is deleted on condition
 *       {@code expiresAt < now}.
 * </ul>
 *
 * At most {@code maxDeletes} deletes per pass, heartbeats first. A failed condition and {@code
 * ReplicatedWriteConflictException} (another monitor deleting the same item) count as skipped: the
 * item is gone, not due, or being deleted by someone else. Promotion records carry no {@code
 * expiresAt} and are kept (one per promotion; the journal).
 */
public final class DynamoExpiredItems implements ExpiredItems {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoExpiredItems.class);

  /** Deletes per pass: a few seconds of strongly consistent writes at most. */
  public static final int DEFAULT_MAX_DELETES = 25;

  /** The agent's default heartbeat TTL ({@code heartbeat.ttl}, docs/agent.md). */
  public static final Duration DEFAULT_HEARTBEAT_GRACE = Duration.ofHours(1);

  /** Older audit days looked at in turn, one per pass. */
  public static final int DEFAULT_CATCH_UP_DAYS = 7;

  static final String HEARTBEAT_CONDITION =
      "attribute_exists(#pk) AND #seq = :seq AND #expiresAt < :now";
  static final String AUDIT_CONDITION = "attribute_exists(#pk) AND #expiresAt < :now";

  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration auditRetention;
  private final Duration heartbeatGrace;
  private final int maxDeletes;
  private final int catchUpDays;

  /** With the defaults above. */
  public DynamoExpiredItems(DynamoDbClient dynamo, String table, Duration auditRetention) {
    this(
        dynamo,
        table,
        auditRetention,
        DEFAULT_HEARTBEAT_GRACE,
        DEFAULT_MAX_DELETES,
        DEFAULT_CATCH_UP_DAYS);
  }

  /**
   * @param auditRetention how long audit items live (what {@code DynamoAuditLog} writes into {@code
   *     expiresAt}); positive
   * @param heartbeatGrace how old a loaded beat must be before its item is tried; positive
   * @param maxDeletes deletes per pass, at least 1
   * @param catchUpDays older audit days looked at in turn, at least 1
   */
  public DynamoExpiredItems(
      DynamoDbClient dynamo,
      String table,
      Duration auditRetention,
      Duration heartbeatGrace,
      int maxDeletes,
      int catchUpDays) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
    this.auditRetention = positive(auditRetention, "auditRetention");
    this.heartbeatGrace = positive(heartbeatGrace, "heartbeatGrace");
    if (maxDeletes < 1) {
      throw new IllegalArgumentException("maxDeletes must be at least 1, was " + maxDeletes);
    }
    if (catchUpDays < 1) {
      throw new IllegalArgumentException("catchUpDays must be at least 1, was " + catchUpDays);
    }
    this.maxDeletes = maxDeletes;
    this.catchUpDays = catchUpDays;
  }

  @Override
  public Outcome expire(List<Heartbeat> loaded, Instant now) {
    Instant oldEnough = now.minus(heartbeatGrace);
    List<Heartbeat> candidates =
        loaded.stream()
            .filter(b -> b.sentAt().isBefore(oldEnough))
            .sorted(Comparator.comparing(Heartbeat::sentAt))
            .toList();
    int budget = maxDeletes;
    int heartbeats = 0;
    int skipped = 0;
    for (Heartbeat beat : candidates) {
      if (budget == 0) {
        return new Outcome(heartbeats, 0, skipped, true);
      }
      budget--;
      if (delete(heartbeatDelete(beat, now), beat.key().toString())) {
        heartbeats++;
      } else {
        skipped++;
      }
    }
    int audit = 0;
    for (Instant day : auditDays(now)) {
      if (budget == 0) {
        return new Outcome(heartbeats, audit, skipped, true);
      }
      for (Map<String, AttributeValue> key : expiredAuditKeys(day, now, budget)) {
        budget--;
        String name = key.get(TableKeys.PK).s() + "/" + key.get(TableKeys.SK).s();
        if (delete(auditDelete(key, now), name)) {
          audit++;
        } else {
          skipped++;
        }
      }
    }
    return new Outcome(heartbeats, audit, skipped, budget == 0);
  }

  /**
   * The audit days to look at: the day whose items expire now, the day before, and one of the
   * {@code catchUpDays} before those, chosen by the minute.
   */
  List<Instant> auditDays(Instant now) {
    Instant expiring = now.minus(auditRetention);
    long older = 2 + Math.floorMod(now.getEpochSecond() / 60, catchUpDays);
    return List.of(
        expiring, expiring.minus(Duration.ofDays(1)), expiring.minus(Duration.ofDays(older)));
  }

  private List<Map<String, AttributeValue>> expiredAuditKeys(Instant day, Instant now, int limit) {
    String pk = AuditItems.pk(day);
    // sk is "<time>#<id>": every item of the partition written before now - retention.
    String before = AuditItems.sk(now.minus(auditRetention), "");
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#pk = :pk AND #sk < :before")
            .expressionAttributeNames(Map.of("#pk", TableKeys.PK, "#sk", TableKeys.SK))
            .expressionAttributeValues(
                Map.of(":pk", AttributeValue.fromS(pk), ":before", AttributeValue.fromS(before)))
            .projectionExpression("#pk, #sk")
            .limit(limit)
            .build();
    try {
      List<Map<String, AttributeValue>> keys = new ArrayList<>(dynamo.query(request).items());
      return keys.subList(0, Math.min(limit, keys.size()));
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "query expired audit items of " + pk, e);
    }
  }

  private DeleteItemRequest heartbeatDelete(Heartbeat beat, Instant now) {
    return DeleteItemRequest.builder()
        .tableName(table)
        .key(
            Map.of(
                TableKeys.PK, AttributeValue.fromS(TableKeys.heartbeatPk(beat.region())),
                TableKeys.SK, AttributeValue.fromS(beat.instanceId())))
        .conditionExpression(HEARTBEAT_CONDITION)
        .expressionAttributeNames(
            Map.of(
                "#pk", TableKeys.PK,
                "#seq", HeartbeatItems.SEQ,
                "#expiresAt", TableKeys.EXPIRES_AT))
        .expressionAttributeValues(
            Map.of(
                ":seq", AttributeValue.fromN(Long.toString(beat.seq())),
                ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond()))))
        .build();
  }

  private DeleteItemRequest auditDelete(Map<String, AttributeValue> key, Instant now) {
    return DeleteItemRequest.builder()
        .tableName(table)
        .key(Map.of(TableKeys.PK, key.get(TableKeys.PK), TableKeys.SK, key.get(TableKeys.SK)))
        .conditionExpression(AUDIT_CONDITION)
        .expressionAttributeNames(Map.of("#pk", TableKeys.PK, "#expiresAt", TableKeys.EXPIRES_AT))
        .expressionAttributeValues(
            Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond()))))
        .build();
  }

  /** True when deleted; false when the condition failed or another region wrote it meanwhile. */
  private boolean delete(DeleteItemRequest request, String item) {
    try {
      dynamo.deleteItem(request);
      return true;
    } catch (ConditionalCheckFailedException e) {
      LOG.debug("{} not deleted: gone, written again or not yet expired", item);
      return false;
    } catch (ReplicatedWriteConflictException e) {
      LOG.debug("{} not deleted: another region wrote it at the same time", item);
      return false;
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "delete expired " + item, e);
    }
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  /** For the sweep's log line. */
  @Override
  public String toString() {
    return "expiry of "
        + table
        + " (at most "
        + maxDeletes
        + " deletes a run, audit kept "
        + auditRetention.toDays()
        + " days)";
  }
}
