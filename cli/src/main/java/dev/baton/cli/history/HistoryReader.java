package dev.baton.cli.history;

import dev.baton.port.AuditLog;
import dev.baton.promotion.PromotionRecord;
import dev.baton.store.AuditItems;
import dev.baton.store.DynamoPromotionJournal;
import dev.baton.store.MalformedItemException;
import dev.baton.store.TableKeys;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Reads what {@code baton history} needs from the table: the audit partitions of each UTC day of
 * the window ({@code AUDIT#<yyyy-mm-dd>}, one query each) and the promotions created in it (a
 * filtered scan for their keys, then each read by the journal, the code that wrote it). An item
 * that cannot be read is reported, never dropped silently.
 */
public final class HistoryReader {
  private final DynamoDbClient dynamo;
  private final String table;
  private final DynamoPromotionJournal journal;

  public HistoryReader(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
    this.journal = new DynamoPromotionJournal(dynamo, table);
  }

  /** The history from {@code since} to {@code now}, newest first, at most {@code limit} entries. */
  public History read(Instant since, Instant now, int limit) {
    List<String> problems = new ArrayList<>();
    List<AuditLog.Entry> audit = audit(since, now, problems);
    List<PromotionRecord> promotions = promotions(since, problems);
    return new History(since, HistoryEntries.of(promotions, audit, limit), problems);
  }

  private List<AuditLog.Entry> audit(Instant since, Instant now, List<String> problems) {
    List<AuditLog.Entry> entries = new ArrayList<>();
    String fromSk = AuditItems.sk(since, "");
    LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (LocalDate day = LocalDate.ofInstant(since, ZoneOffset.UTC);
        !day.isAfter(last);
        day = day.plusDays(1)) {
      String pk = AuditItems.pk(day.atStartOfDay(ZoneOffset.UTC).toInstant());
      query(
          QueryRequest.builder()
              .tableName(table)
              .consistentRead(true)
              .keyConditionExpression("#pk = :pk AND #sk >= :from")
              .expressionAttributeNames(Map.of("#pk", TableKeys.PK, "#sk", TableKeys.SK))
              .expressionAttributeValues(
                  Map.of(":pk", AttributeValue.fromS(pk), ":from", AttributeValue.fromS(fromSk)))
              .build(),
          item -> {
            try {
              entries.add(AuditItems.fromItem(item));
            } catch (MalformedItemException | IllegalArgumentException e) {
              problems.add(
                  "audit item "
                      + pk
                      + "/"
                      + s(item, TableKeys.SK)
                      + " cannot be read: "
                      + e.getMessage());
            }
          });
    }
    return entries;
  }

  private List<PromotionRecord> promotions(Instant since, List<String> problems) {
    List<String> ids = new ArrayList<>();
    // The SDK's paginator follows LastEvaluatedKey page by page.
    dynamo
        .scanPaginator(
            ScanRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .filterExpression("begins_with(#pk, :promotion) AND #createdAt >= :since")
                .projectionExpression("#pk")
                .expressionAttributeNames(Map.of("#pk", TableKeys.PK, "#createdAt", "createdAt"))
                .expressionAttributeValues(
                    Map.of(
                        ":promotion", AttributeValue.fromS(TableKeys.PROMOTION_PREFIX),
                        ":since", AttributeValue.fromN(Long.toString(since.toEpochMilli()))))
                .build())
        .items()
        .forEach(i -> ids.add(s(i, TableKeys.PK).substring(TableKeys.PROMOTION_PREFIX.length())));
    List<PromotionRecord> promotions = new ArrayList<>();
    for (String id : ids) {
      try {
        journal.load(id).ifPresent(promotions::add);
      } catch (MalformedItemException | IllegalArgumentException e) {
        problems.add("promotion " + id + " cannot be read: " + e.getMessage());
      }
    }
    return promotions;
  }

  private void query(QueryRequest first, Consumer<Map<String, AttributeValue>> each) {
    QueryRequest request = first;
    while (true) {
      QueryResponse page = dynamo.query(request);
      page.items().forEach(each);
      if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
        return;
      }
      request = request.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
    }
  }

  private static String s(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.s() == null ? "?" : v.s();
  }
}
