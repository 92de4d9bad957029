package dev.baton.store;

import dev.baton.domain.Baton;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.RegionState;
import dev.baton.port.AuditLog;
import dev.baton.promotion.PromotionRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Reads Baton's table in one consistent scan. A promotion is read again (strongly) only when its
 * revision changed since this reader last read it.
 *
 * <p>The table is read in one consistent scan (the table is small: a few items per instance and
 * region, the recent promotions, and the audit items until their TTL). An item that cannot be read
 * is reported, never dropped silently.
 */
public final class TableReader {
  // One reader per watcher: not thread-safe (the promotion cache).
  private final DynamoDbClient dynamo;
  private final String table;
  private final DynamoPromotionJournal journal;
  private final Clock clock;

  /** Promotions already read, by id, with the revision read: unchanged items are not read again. */
  private final Map<String, PromotionRecord> promotionCache = new HashMap<>();

  public TableReader(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.journal = new DynamoPromotionJournal(dynamo, table);
    this.clock = clock;
  }

  /** The table now, with at most {@code maxPromotions} promotions (newest first). */
  public TableSnapshot read(int maxPromotions) {
    Baton baton = null;
    Map<String, RegionState> states = new HashMap<>();
    List<Heartbeat> beats = new ArrayList<>();
    List<Map<String, AttributeValue>> promotionItems = new ArrayList<>();
    List<AuditLog.Entry> audit = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    // The SDK's paginator follows LastEvaluatedKey page by page.
    for (Map<String, AttributeValue> item :
        dynamo
            .scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
            .items()) {
      String pk = item.containsKey(TableKeys.PK) ? item.get(TableKeys.PK).s() : "";
      try {
        if (pk.startsWith(TableKeys.HEARTBEAT_PREFIX)) {
          beats.add(HeartbeatItems.fromItem(item));
        } else if (pk.startsWith(TableKeys.REGION_PREFIX)) {
          RegionState state = RegionStateItems.fromItem(item);
          states.put(state.region(), state);
        } else if (pk.equals(TableKeys.BATON_PK)) {
          baton = BatonItems.fromItem(item);
        } else if (pk.startsWith(TableKeys.PROMOTION_PREFIX)) {
          promotionItems.add(item);
        } else if (pk.startsWith(TableKeys.AUDIT_PREFIX)) {
          audit.add(AuditItems.fromItem(item));
        }
      } catch (MalformedItemException | IllegalArgumentException e) {
        problems.add("item " + pk + "/" + sk(item) + " cannot be read: " + e.getMessage());
      }
    }
    List<PromotionRecord> promotions = new ArrayList<>();
    promotionItems.sort(Comparator.comparingLong(TableReader::createdAt).reversed());
    for (Map<String, AttributeValue> item :
        promotionItems.subList(0, Math.min(maxPromotions, promotionItems.size()))) {
      String id = item.get(TableKeys.PK).s().substring(TableKeys.PROMOTION_PREFIX.length());
      PromotionRecord cached = promotionCache.get(id);
      if (cached != null && cached.revision() == number(item, "revision")) {
        promotions.add(cached);
        continue;
      }
      try {
        journal
            .load(id)
            .ifPresent(
                p -> {
                  promotionCache.put(id, p);
                  promotions.add(p);
                });
      } catch (MalformedItemException | IllegalArgumentException e) {
        problems.add("promotion " + id + " cannot be read: " + e.getMessage());
      }
    }
    beats.sort(Comparator.comparing(Heartbeat::region).thenComparing(Heartbeat::instanceId));
    audit.sort(Comparator.comparing(AuditLog.Entry::at));
    return new TableSnapshot(
        clock.instant(), Optional.ofNullable(baton), states, beats, promotions, audit, problems);
  }

  /** For ordering only: a bad createdAt sorts last, and loading the item reports it. */
  private static long createdAt(Map<String, AttributeValue> item) {
    return number(item, "createdAt");
  }

  /** A number attribute, or -1 when absent or not a whole number (the item's own read says why). */
  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.n() == null || !v.n().matches("-?\\d+")) {
      return -1;
    }
    return Long.parseLong(v.n());
  }

  private static String sk(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(TableKeys.SK);
    return v == null ? "?" : v.s();
  }
}
