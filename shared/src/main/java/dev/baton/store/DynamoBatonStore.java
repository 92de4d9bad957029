package dev.baton.store;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.port.BatonStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The baton item in DynamoDB. Every write is conditional: the claim on the epoch and the active
 * region (the fencing point of a promotion), a mode change on the epoch, the first placement on the
 * item's absence. A failed condition becomes {@link ClaimOutcome.EpochMoved} carrying the baton as
 * it is now, never an exception.
 */
public final class DynamoBatonStore implements BatonStore {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoBatonStore.class);

  /** The fencing condition of a claim: nobody moved the baton since the promotion read it. */
  static final String CLAIM_CONDITION = "#epoch = :expected AND #activeRegion = :from";

  /** An automatic claim also needs the mode still AUTO: a freeze is atomic with the claim. */
  static final String AUTO_CLAIM_CONDITION = CLAIM_CONDITION + " AND #mode = :auto";

  /** The grant applies only to the claim it follows. */
  static final String GRANT_CONDITION = "#epoch = :epoch AND #promotionId = :promotionId";

  static final String GRANT_UPDATE = "SET #granted = :true ADD #version :one";

  static final String CLAIM_UPDATE =
      "SET #activeRegion = :to, #epoch = :next, #since = :now, #reason = :reason,"
          + " #promotionId = :promotionId, #autoPromotions = :autoPromotions, #granted = :false"
          + " ADD #version :one";

  /**
   * A mode change applies only to the baton it was decided on. Setting AUTO (an unfreeze) also
   * clears {@code autoPromotions}: see {@link #UNFREEZE_UPDATE}.
   */
  static final String MODE_CONDITION = "#epoch = :expected";

  static final String MODE_UPDATE =
      "SET #mode = :mode, #since = :now, #reason = :reason ADD #version :one";

  /**
   * Back to AUTO: an unfreeze is the operator's acknowledgement of the flap limit, so the recent
   * automatic promotions are forgotten, or the next evaluation would freeze again at once.
   */
  static final String UNFREEZE_UPDATE =
      "SET #mode = :mode, #since = :now, #reason = :reason, #autoPromotions = :none"
          + " ADD #version :one";

  /**
   * Publishing on the baton item (the fence deadline, the outside targets) writes only a baton that
   * exists and says something else.
   */
  static final String PUBLISH_CONDITION =
      "attribute_exists(#pk) AND (attribute_not_exists(#published) OR #published <> :value)";

  static final String PUBLISH_UPDATE = "SET #published = :value";

  /** The first placement never overwrites a baton. */
  static final String INITIALIZE_CONDITION = "attribute_not_exists(#pk)";

  /** At most this many automatic promotion times are kept, however recent. */
  public static final int MAX_AUTO_PROMOTIONS_KEPT = 20;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration autoPromotionRetention;

  /**
   * @param dynamo a client created once per process
   * @param table the table name
   * @param autoPromotionRetention how long automatic promotion times are kept on the baton; must
   *     cover the flap window and the cooldown of the policy
   */
  public DynamoBatonStore(DynamoDbClient dynamo, String table, Duration autoPromotionRetention) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
    this.autoPromotionRetention =
        Objects.requireNonNull(autoPromotionRetention, "autoPromotionRetention");
    if (autoPromotionRetention.isNegative() || autoPromotionRetention.isZero()) {
      throw new IllegalArgumentException(
          "autoPromotionRetention must be positive, was " + autoPromotionRetention);
    }
  }

  @Override
  public Optional<Baton> read() {
    Map<String, AttributeValue> item;
    try {
      item =
          dynamo
              .getItem(
                  GetItemRequest.builder()
                      .tableName(table)
                      .key(BatonItems.key())
                      .consistentRead(true)
                      .build())
              .item();
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "read the baton", e);
    }
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(BatonItems.fromItem(item));
  }

  @Override
  public Baton initialize(Baton initial) {
    try {
      dynamo.putItem(
          PutItemRequest.builder()
              .tableName(table)
              .item(BatonItems.toItem(initial))
              .conditionExpression(INITIALIZE_CONDITION)
              .expressionAttributeNames(Map.of("#pk", TableKeys.PK))
              .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
              .build());
      LOG.info(
          "placed the baton in {} at epoch {}: {}",
          initial.activeRegion(),
          initial.epoch(),
          initial.reason());
      return initial;
    } catch (ConditionalCheckFailedException e) {
      Baton existing =
          current(e)
              .orElseThrow(
                  () -> new IllegalStateException("the baton exists but could not be read", e));
      LOG.info(
          "baton already placed in {} at epoch {}; initial placement skipped",
          existing.activeRegion(),
          existing.epoch());
      return existing;
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "place the baton", e);
    }
  }

  @Override
  public ClaimOutcome claim(
      long expectedEpoch,
      String from,
      String to,
      String promotionId,
      boolean automatic,
      String reason,
      Instant now) {
    Optional<Baton> before = read();
    if (!claimable(before, expectedEpoch, from, automatic)) {
      return new ClaimOutcome.EpochMoved(before);
    }
    // Only a claim changes autoPromotions and every claim moves the epoch, so the list read
    // above is still current whenever the epoch condition below holds.
    List<Instant> autoPromotions =
        autoPromotionsAfterClaim(
            before.get().autoPromotions(), automatic, now, autoPromotionRetention);
    ClaimOutcome outcome =
        conditionalUpdate(
            CLAIM_UPDATE,
            automatic ? AUTO_CLAIM_CONDITION : CLAIM_CONDITION,
            claimNames(automatic),
            claimValues(
                expectedEpoch, from, to, promotionId, automatic, reason, now, autoPromotions),
            "claim the baton " + from + " -> " + to);
    if (outcome instanceof ClaimOutcome.EpochMoved moved) {
      LOG.info(
          "claim {} -> {} at epoch {} lost: the baton is now {}",
          from,
          to,
          expectedEpoch,
          moved.current().map(b -> b.activeRegion() + " at epoch " + b.epoch()).orElse("absent"));
    }
    return outcome;
  }

  private static Map<String, String> claimNames(boolean automatic) {
    Map<String, String> names = new java.util.HashMap<>();
    names.put("#activeRegion", BatonItems.ACTIVE_REGION);
    names.put("#epoch", BatonItems.EPOCH);
    names.put("#since", BatonItems.SINCE);
    names.put("#reason", BatonItems.REASON);
    names.put("#promotionId", BatonItems.PROMOTION_ID);
    names.put("#autoPromotions", BatonItems.AUTO_PROMOTIONS);
    names.put("#version", BatonItems.VERSION);
    names.put("#granted", BatonItems.GRANTED);
    if (automatic) {
      names.put("#mode", BatonItems.MODE);
    }
    return names;
  }

  private static Map<String, AttributeValue> claimValues(
      long expectedEpoch,
      String from,
      String to,
      String promotionId,
      boolean automatic,
      String reason,
      Instant now,
      List<Instant> autoPromotions) {
    Map<String, AttributeValue> values = new java.util.HashMap<>();
    values.put(":expected", HeartbeatItems.n(expectedEpoch));
    values.put(":from", HeartbeatItems.s(from));
    values.put(":to", HeartbeatItems.s(to));
    values.put(":next", HeartbeatItems.n(expectedEpoch + 1));
    values.put(":now", HeartbeatItems.n(now.toEpochMilli()));
    values.put(":reason", HeartbeatItems.s(nonEmpty(reason)));
    values.put(":promotionId", HeartbeatItems.s(promotionId));
    values.put(
        ":autoPromotions",
        AttributeValue.fromL(
            autoPromotions.stream().map(t -> HeartbeatItems.n(t.toEpochMilli())).toList()));
    values.put(":one", HeartbeatItems.n(1));
    values.put(":false", AttributeValue.fromBool(false));
    if (automatic) {
      values.put(":auto", HeartbeatItems.s(BatonMode.AUTO.name()));
    }
    return values;
  }

  @Override
  public ClaimOutcome grant(long epoch, String promotionId, Instant now) {
    return conditionalUpdate(
        GRANT_UPDATE,
        GRANT_CONDITION,
        Map.of(
            "#epoch", BatonItems.EPOCH,
            "#promotionId", BatonItems.PROMOTION_ID,
            "#granted", BatonItems.GRANTED,
            "#version", BatonItems.VERSION),
        Map.of(
            ":epoch", HeartbeatItems.n(epoch),
            ":promotionId", HeartbeatItems.s(promotionId),
            ":true", AttributeValue.fromBool(true),
            ":one", HeartbeatItems.n(1)),
        "grant the baton of epoch " + epoch);
  }

  @Override
  public ClaimOutcome setMode(long expectedEpoch, BatonMode mode, String reason, Instant now) {
    boolean unfreeze = mode == BatonMode.AUTO;
    Map<String, String> names = new java.util.HashMap<>();
    names.put("#epoch", BatonItems.EPOCH);
    names.put("#mode", BatonItems.MODE);
    names.put("#since", BatonItems.SINCE);
    names.put("#reason", BatonItems.REASON);
    names.put("#version", BatonItems.VERSION);
    Map<String, AttributeValue> values = new java.util.HashMap<>();
    values.put(":expected", HeartbeatItems.n(expectedEpoch));
    values.put(":mode", HeartbeatItems.s(mode.name()));
    values.put(":now", HeartbeatItems.n(now.toEpochMilli()));
    values.put(":reason", HeartbeatItems.s(nonEmpty(reason)));
    values.put(":one", HeartbeatItems.n(1));
    if (unfreeze) {
      names.put("#autoPromotions", BatonItems.AUTO_PROMOTIONS);
      values.put(":none", AttributeValue.fromL(List.of()));
    }
    ClaimOutcome outcome =
        conditionalUpdate(
            unfreeze ? UNFREEZE_UPDATE : MODE_UPDATE,
            MODE_CONDITION,
            names,
            values,
            "set the baton's mode to " + mode);
    if (outcome instanceof ClaimOutcome.EpochMoved moved) {
      LOG.info(
          "mode change to {} at epoch {} not made: the baton is now {}",
          mode,
          expectedEpoch,
          moved.current().map(b -> "at epoch " + b.epoch()).orElse("absent"));
    }
    return outcome;
  }

  @Override
  public boolean publishFenceDeadline(Duration fenceDeadline) {
    boolean wrote =
        publish(
            BatonItems.FENCE_DEADLINE_MS,
            AttributeValue.fromN(Long.toString(fenceDeadline.toMillis())),
            "the fence deadline");
    if (wrote) {
      LOG.info("published the agents' fence deadline: {} ms", fenceDeadline.toMillis());
    }
    return wrote;
  }

  @Override
  public boolean publishOutsideTargets(Map<String, String> healthUrls) {
    boolean wrote =
        publish(
            BatonItems.OUTSIDE_TARGETS,
            AttributeValue.fromS(BatonItems.outsideTargetsText(healthUrls)),
            "the outside targets");
    if (wrote) {
      LOG.info("published the regions' public health URLs for the agents' outside probes");
    }
    return wrote;
  }

  /** Sets {@code attribute} of the baton item to {@code value} if it exists and says otherwise. */
  private boolean publish(String attribute, AttributeValue value, String what) {
    try {
      dynamo.updateItem(
          UpdateItemRequest.builder()
              .tableName(table)
              .key(BatonItems.key())
              .updateExpression(PUBLISH_UPDATE)
              .conditionExpression(PUBLISH_CONDITION)
              .expressionAttributeNames(Map.of("#pk", TableKeys.PK, "#published", attribute))
              .expressionAttributeValues(Map.of(":value", value))
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "publish " + what, e);
    }
  }

  /**
   * One conditional update of the baton item: the baton as stored after it, or, when the condition
   * fails, {@link ClaimOutcome.EpochMoved} with the baton as it is.
   */
  private ClaimOutcome conditionalUpdate(
      String update,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      String what) {
    try {
      UpdateItemResponse response =
          dynamo.updateItem(
              UpdateItemRequest.builder()
                  .tableName(table)
                  .key(BatonItems.key())
                  .updateExpression(update)
                  .conditionExpression(condition)
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values)
                  .returnValues(ReturnValue.ALL_NEW)
                  .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                  .build());
      return new ClaimOutcome.Claimed(BatonItems.fromItem(response.attributes()));
    } catch (ConditionalCheckFailedException e) {
      return new ClaimOutcome.EpochMoved(current(e));
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", what, e);
    }
  }

  /** The baton as the failed condition saw it, or as a strongly consistent re-read sees it. */
  private Optional<Baton> current(ConditionalCheckFailedException e) {
    if (e.hasItem() && !e.item().isEmpty()) {
      return Optional.of(BatonItems.fromItem(e.item()));
    }
    return read();
  }

  /**
   * Whether {@code before} may be claimed: it exists, still has {@code expectedEpoch} and names
   * {@code from}, and, for an automatic claim, is still AUTO. The same rule as the claim's write
   * condition, checked first so a lost race needs no write; every store of the baton (and the
   * simulator's) applies it.
   */
  public static boolean claimable(
      Optional<Baton> before, long expectedEpoch, String from, boolean automatic) {
    return before.isPresent()
        && before.get().epoch() == expectedEpoch
        && before.get().activeRegion().equals(from)
        && (!automatic || before.get().mode() == BatonMode.AUTO);
  }

  /**
   * The automatic promotions a claim stores: those within {@code retention} of {@code now}, plus
   * {@code now} when the claim is automatic, the newest {@link #MAX_AUTO_PROMOTIONS_KEPT} at most.
   * Every store of the baton (and the simulator's) keeps them by this one rule.
   */
  public static List<Instant> autoPromotionsAfterClaim(
      List<Instant> before, boolean automatic, Instant now, Duration retention) {
    Instant oldest = now.minus(retention);
    List<Instant> kept = new ArrayList<>();
    for (Instant t : before) {
      if (t.isAfter(oldest)) {
        kept.add(t);
      }
    }
    if (automatic) {
      kept.add(now);
      while (kept.size() > MAX_AUTO_PROMOTIONS_KEPT) {
        kept.remove(0);
      }
    }
    return kept;
  }

  /** The baton's reason is shown to every operator and agent; it is never left empty. */
  public static String nonEmpty(String reason) {
    return reason == null || reason.isBlank() ? "(no reason given)" : reason;
  }
}
