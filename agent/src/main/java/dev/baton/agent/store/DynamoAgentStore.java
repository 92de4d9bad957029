package dev.baton.agent.store;

import dev.baton.domain.Baton;
import dev.baton.domain.Heartbeat;
import dev.baton.store.BatonItems;
import dev.baton.store.HeartbeatItems;
import dev.baton.store.MalformedItemException;
import dev.baton.store.TableKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The agent's view of the DynamoDB table: PutItem of its heartbeat item (conditional on {@code
 * seq}) and a strongly consistent GetItem of the baton (with the fence deadline and the outside
 * targets the monitor publishes on it), both on the replica the client points at. Every call has a
 * deadline shorter than a beat, so an unreachable store shows up as a failed beat instead of a
 * stuck agent.
 */
public final class DynamoAgentStore implements AgentStore {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DynamoAgentStore.class);

  /**
   * The write condition: the item is new, or its stored seq is lower than ours. A restarted agent
   * whose state file is older than the table therefore cannot move the instance backwards, and the
   * monitor never sees a lower seq replace a higher one.
   *
   * <p>It also replaces a stored seq that breaks the rule ({@link HeartbeatItems#SEQ_RULE}): above
   * {@link HeartbeatItems#MAX_SEQ} (even beyond a long) or not a number. Such a value was forged or
   * corrupted, the monitor rejects it as malformed, and no seq could ever be written above it:
   * without this the instance's beats would stop for good. The type test comes before the
   * comparisons: DynamoDB finds a string not below a number either way, but moto fails comparing
   * them unless the test before already decided.
   */
  public static final String SEQ_ADVANCES =
      "attribute_not_exists(#seq) OR NOT attribute_type(#seq, :number)"
          + " OR #seq < :seq OR #seq > :maxSeq";

  private static final int MAX_REASON_CHARS = 300;

  private final DynamoDbClient dynamo;
  private final String table;
  private final AwsRequestOverrideConfiguration deadline;
  private final HeartbeatItems.Encoder encoder = new HeartbeatItems.Encoder();

  /**
   * @param callTimeout the deadline of each call, retries included
   */
  public DynamoAgentStore(DynamoDbClient dynamo, String table, Duration callTimeout) {
    this.dynamo = dynamo;
    this.table = table;
    this.deadline = AwsRequestOverrideConfiguration.builder().apiCallTimeout(callTimeout).build();
  }

  /** The PutItem request for {@code beat}; package-private so a test can pin its condition. */
  PutItemRequest putRequest(Heartbeat beat, Instant expiresAt) {
    return PutItemRequest.builder()
        .tableName(table)
        .item(encoder.toItem(beat, expiresAt))
        .conditionExpression(SEQ_ADVANCES)
        .expressionAttributeNames(Map.of("#seq", HeartbeatItems.SEQ))
        .expressionAttributeValues(
            Map.of(
                ":seq", AttributeValue.fromN(Long.toString(beat.seq())),
                ":maxSeq", AttributeValue.fromN(Long.toString(HeartbeatItems.MAX_SEQ)),
                ":number", AttributeValue.fromS("N")))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .overrideConfiguration(deadline)
        .build();
  }

  @Override
  public WriteOutcome write(Heartbeat beat, Instant expiresAt) {
    try {
      dynamo.putItem(putRequest(beat, expiresAt));
      return new WriteOutcome.Written();
    } catch (ConditionalCheckFailedException e) {
      OptionalLong stored;
      try {
        stored = seqOf(e.hasItem() ? e.item() : Map.of());
      } catch (MalformedItemException malformed) {
        stored = OptionalLong.empty();
      }
      if (stored.isEmpty()) {
        // Older emulators do not return the item with the failure: ask for it, if allowed.
        try {
          stored = storedSeq(beat.region(), beat.instanceId());
        } catch (StoreUnavailableException | MalformedItemException unreadable) {
          stored = OptionalLong.empty(); // the caller falls back to the clock floor
        }
      }
      return new WriteOutcome.SeqBehind(stored);
    } catch (SdkException e) {
      return new WriteOutcome.Failed(describe("PutItem", e));
    }
  }

  @Override
  public BatonRead readBaton() {
    GetItemResponse response;
    try {
      response = dynamo.getItem(get(BatonItems.key()));
    } catch (SdkException e) {
      return new BatonRead.Failed(describe("GetItem BATON", e));
    }
    Instant answeredAt = dateHeader(response);
    if (!response.hasItem() || response.item().isEmpty()) {
      return new BatonRead.Found(Optional.empty(), answeredAt, Duration.ofSeconds(1));
    }
    Baton baton;
    try {
      baton = BatonItems.fromItem(response.item());
    } catch (MalformedItemException e) {
      return new BatonRead.Failed("the baton item is malformed: " + e.getMessage());
    }
    return new BatonRead.Found(
        Optional.of(baton),
        answeredAt,
        Duration.ofSeconds(1),
        publishedDeadline(response.item()),
        OutsideTargets.read(response.item()));
  }

  /**
   * The monitor's published fence deadline; an unreadable one is logged and ignored (the agent
   * keeps its own {@code fenceAfter}, which its configuration checks already bound), never a reason
   * to fence.
   */
  public static Duration publishedDeadline(Map<String, AttributeValue> item) {
    try {
      return BatonItems.fenceDeadline(item).orElse(null);
    } catch (MalformedItemException e) {
      LOG.warn("ignoring the fence deadline on the baton item: {}", e.getMessage());
      return null;
    }
  }

  /** The authority's time in its answer (HTTP Date, to the second), or null when absent or bad. */
  private static Instant dateHeader(GetItemResponse response) {
    if (response.sdkHttpResponse() == null) {
      return null;
    }
    return response
        .sdkHttpResponse()
        .firstMatchingHeader("Date")
        .map(
            value -> {
              try {
                return java.time.ZonedDateTime.parse(
                        value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
              } catch (java.time.format.DateTimeParseException e) {
                LOG.debug("unparsable Date header '{}': {}", value, e.getMessage());
                return null;
              }
            })
        .orElse(null);
  }

  @Override
  public OptionalLong storedSeq(String region, String instanceId) {
    GetItemResponse response;
    try {
      response =
          dynamo.getItem(
              get(
                  Map.of(
                      TableKeys.PK, AttributeValue.fromS(TableKeys.heartbeatPk(region)),
                      TableKeys.SK, AttributeValue.fromS(instanceId))));
    } catch (SdkException e) {
      throw new StoreUnavailableException(describe("GetItem heartbeat", e), e);
    }
    return seqOf(response.hasItem() ? response.item() : Map.of());
  }

  private GetItemRequest get(Map<String, AttributeValue> key) {
    return GetItemRequest.builder()
        .tableName(table)
        .key(key)
        .consistentRead(true)
        .overrideConfiguration(deadline)
        .build();
  }

  /**
   * The {@code seq} of a stored heartbeat item (empty when absent); every agent store reads it so.
   *
   * @throws MalformedItemException when it breaks {@link HeartbeatItems#SEQ_RULE} (not a whole
   *     number, negative, or above {@link HeartbeatItems#MAX_SEQ})
   */
  public static OptionalLong seqOf(Map<String, AttributeValue> item) {
    AttributeValue seq = item.get(HeartbeatItems.SEQ);
    if (seq == null || seq.n() == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(HeartbeatItems.requireSeq(item));
  }

  /** One line on a failed store call, for the beat's check and the role's reason (capped). */
  public static String describe(String call, SdkException e) {
    String text = call + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    return text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) + "..." : text;
  }
}
