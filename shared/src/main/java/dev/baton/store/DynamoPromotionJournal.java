package dev.baton.store;

import dev.baton.domain.PromotionKind;
import dev.baton.promotion.JournalConflict;
import dev.baton.promotion.PromotionJournal;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import dev.baton.promotion.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The {@code PROMOTION#<id>/PROMOTION} items. Each save replaces the whole item (it is small) on
 * the condition that its revision is still the one this run read, so two runs of one promotion
 * never both write.
 *
 * <pre>
 * pk=PROMOTION#&lt;id&gt; sk=PROMOTION id kind from to expectedEpoch epoch requestedBy reason
 * decision evidence[] force dryRun status failedStep createdAt(ms) updatedAt(ms) revision history[]
 * steps = { name: { order, status, attempts, detail, startedAt(ms), finishedAt(ms) } }
 * </pre>
 */
public final class DynamoPromotionJournal implements PromotionJournal {
  static final String CREATE_CONDITION = "attribute_not_exists(#pk)";
  static final String UPDATE_CONDITION = "#revision = :expected";

  static final String ID = "id";
  static final String KIND = "kind";
  static final String FROM = "from";
  static final String TO = "to";
  static final String EXPECTED_EPOCH = "expectedEpoch";
  static final String EPOCH = "epoch";
  static final String REQUESTED_BY = "requestedBy";
  static final String REASON = "reason";
  static final String DECISION = "decision";
  static final String EVIDENCE = "evidence";
  static final String FORCE = "force";
  static final String DRY_RUN = "dryRun";
  static final String STATUS = "status";
  static final String FAILED_STEP = "failedStep";
  static final String STEPS = "steps";
  static final String CREATED_AT = "createdAt";
  static final String UPDATED_AT = "updatedAt";
  public static final String REVISION = "revision";
  static final String HISTORY = "history";
  static final String ORDER = "order";
  static final String ATTEMPTS = "attempts";
  static final String DETAIL = "detail";
  static final String STARTED_AT = "startedAt";
  static final String FINISHED_AT = "finishedAt";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoPromotionJournal(DynamoDbClient dynamo, String table) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public Optional<PromotionRecord> load(String promotionId) {
    Map<String, AttributeValue> item;
    try {
      item =
          dynamo
              .getItem(
                  GetItemRequest.builder()
                      .tableName(table)
                      .key(key(promotionId))
                      .consistentRead(true)
                      .build())
              .item();
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "read promotion " + promotionId, e);
    }
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public PromotionRecord save(PromotionRecord record) {
    PromotionRecord next = record.withRevision(record.revision() + 1);
    PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(toItem(next));
    if (record.revision() == 0) {
      put.conditionExpression(CREATE_CONDITION)
          .expressionAttributeNames(Map.of("#pk", TableKeys.PK));
    } else {
      put.conditionExpression(UPDATE_CONDITION)
          .expressionAttributeNames(Map.of("#revision", REVISION))
          .expressionAttributeValues(Map.of(":expected", HeartbeatItems.n(record.revision())));
    }
    try {
      dynamo.putItem(put.build());
      return next;
    } catch (ConditionalCheckFailedException e) {
      throw new JournalConflict(record.id(), record.revision());
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "journal promotion " + record.id(), e);
    }
  }

  /** The promotion item's key (public: the simulator's journal stores the same items). */
  public static Map<String, AttributeValue> key(String promotionId) {
    return Map.of(
        TableKeys.PK, AttributeValue.fromS(TableKeys.promotionPk(promotionId)),
        TableKeys.SK, AttributeValue.fromS(TableKeys.PROMOTION_SK));
  }

  /** The promotion item of {@code r} (public: the simulator's journal stores the same items). */
  public static Map<String, AttributeValue> toItem(PromotionRecord r) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(key(r.id()));
    item.put(ID, s(r.id()));
    item.put(KIND, s(r.kind().name()));
    item.put(FROM, s(r.from()));
    item.put(TO, s(r.to()));
    item.put(EXPECTED_EPOCH, HeartbeatItems.n(r.expectedEpoch()));
    item.put(EPOCH, HeartbeatItems.n(r.epoch()));
    item.put(REQUESTED_BY, s(r.requestedBy()));
    item.put(REASON, s(r.reason()));
    item.put(DECISION, s(r.decision()));
    item.put(
        EVIDENCE,
        AttributeValue.fromL(r.evidence().stream().map(DynamoPromotionJournal::s).toList()));
    item.put(FORCE, AttributeValue.fromBool(r.force()));
    item.put(DRY_RUN, AttributeValue.fromBool(r.dryRun()));
    item.put(STATUS, s(r.status().name()));
    r.failedStep().ifPresent(step -> item.put(FAILED_STEP, s(step.name())));
    Map<String, AttributeValue> steps = new LinkedHashMap<>();
    for (int i = 0; i < r.steps().size(); i++) {
      StepRecord step = r.steps().get(i);
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      m.put(ORDER, HeartbeatItems.n(i));
      m.put(STATUS, s(step.status().name()));
      m.put(ATTEMPTS, HeartbeatItems.n(step.attempts()));
      m.put(DETAIL, s(step.detail()));
      if (step.startedAt() != null) {
        m.put(STARTED_AT, HeartbeatItems.n(step.startedAt().toEpochMilli()));
      }
      if (step.finishedAt() != null) {
        m.put(FINISHED_AT, HeartbeatItems.n(step.finishedAt().toEpochMilli()));
      }
      steps.put(step.name(), AttributeValue.fromM(m));
    }
    item.put(STEPS, AttributeValue.fromM(steps));
    item.put(CREATED_AT, HeartbeatItems.n(r.createdAt().toEpochMilli()));
    item.put(UPDATED_AT, HeartbeatItems.n(r.updatedAt().toEpochMilli()));
    item.put(REVISION, HeartbeatItems.n(r.revision()));
    item.put(
        HISTORY,
        AttributeValue.fromL(r.history().stream().map(DynamoPromotionJournal::s).toList()));
    return item;
  }

  /**
   * Reads a promotion item.
   *
   * @throws MalformedItemException naming the missing or bad attribute
   */
  public static PromotionRecord fromItem(Map<String, AttributeValue> item) {
    AttributeValue stepsValue = item.get(STEPS);
    if (stepsValue == null || !stepsValue.hasM()) {
      throw new MalformedItemException(STEPS, "is required and must be a map (M) of steps");
    }
    record Ordered(long order, StepRecord step) {}
    List<Ordered> ordered = new ArrayList<>();
    stepsValue
        .m()
        .forEach(
            (name, value) -> {
              if (!value.hasM()) {
                throw new MalformedItemException(STEPS + "." + name, "must be a map (M)");
              }
              Map<String, AttributeValue> m = value.m();
              ordered.add(
                  new Ordered(
                      HeartbeatItems.requireN(m, ORDER),
                      new StepRecord(
                          name,
                          enumOf(
                              StepStatus.class,
                              STEPS + "." + name + "." + STATUS,
                              HeartbeatItems.requireS(m, STATUS)),
                          (int) HeartbeatItems.requireN(m, ATTEMPTS),
                          optionalS(m, DETAIL),
                          optionalInstant(m, STARTED_AT),
                          optionalInstant(m, FINISHED_AT))));
            });
    ordered.sort(Comparator.comparingLong(Ordered::order));
    return new PromotionRecord(
        HeartbeatItems.requireS(item, ID),
        enumOf(PromotionKind.class, KIND, HeartbeatItems.requireS(item, KIND)),
        HeartbeatItems.requireS(item, FROM),
        HeartbeatItems.requireS(item, TO),
        HeartbeatItems.requireN(item, EXPECTED_EPOCH),
        HeartbeatItems.requireN(item, EPOCH),
        optionalS(item, REQUESTED_BY),
        optionalS(item, REASON),
        optionalS(item, DECISION),
        strings(item, EVIDENCE),
        bool(item, FORCE),
        bool(item, DRY_RUN),
        enumOf(PromotionStatus.class, STATUS, HeartbeatItems.requireS(item, STATUS)),
        ordered.stream().map(Ordered::step).toList(),
        Instant.ofEpochMilli(HeartbeatItems.requireN(item, CREATED_AT)),
        Instant.ofEpochMilli(HeartbeatItems.requireN(item, UPDATED_AT)),
        HeartbeatItems.requireN(item, REVISION),
        strings(item, HISTORY));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value == null ? "" : value);
  }

  private static String optionalS(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.s() == null ? "" : v.s();
  }

  private static Instant optionalInstant(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null
        ? null
        : Instant.ofEpochMilli(HeartbeatItems.requireN(item, name));
  }

  private static boolean bool(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  private static List<String> strings(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || !v.hasL()) {
      return List.of();
    }
    return v.l().stream().map(AttributeValue::s).toList();
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String attribute, String value) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new MalformedItemException(
          attribute,
          "must be one of "
              + java.util.Arrays.toString(type.getEnumConstants())
              + ", was '"
              + value
              + "'");
    }
  }
}
