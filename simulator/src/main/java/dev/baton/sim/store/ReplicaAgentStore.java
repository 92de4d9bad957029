package dev.baton.sim.store;

import dev.baton.agent.store.AgentStore;
import dev.baton.agent.store.DynamoAgentStore;
import dev.baton.agent.store.OutsideTargets;
import dev.baton.agent.store.StoreUnavailableException;
import dev.baton.domain.Heartbeat;
import dev.baton.store.BatonItems;
import dev.baton.store.HeartbeatItems;
import dev.baton.store.MalformedItemException;
import dev.baton.store.TableKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The agent's table through its droplet's {@link TablePath} (the authority: the home table, since
 * decision 0017), with the semantics and failure texts of {@code DynamoAgentStore}: the heartbeat
 * put on {@code SEQ_ADVANCES}, the stored seq taken from the failed condition's item, the baton
 * read (with the published fence deadline and outside targets).
 */
public final class ReplicaAgentStore implements AgentStore {

  private static final ItemKey BATON = ItemKey.of(BatonItems.key());

  private final TablePath path;
  private final HeartbeatItems.Encoder encoder = new HeartbeatItems.Encoder();

  public ReplicaAgentStore(TablePath path) {
    this.path = path;
  }

  public TablePath path() {
    return path;
  }

  @Override
  public WriteOutcome write(Heartbeat beat, Instant expiresAt) {
    try {
      path.put(
          encoder.toItem(beat, expiresAt),
          Conditions.seqAdvances(HeartbeatItems.SEQ, beat.seq(), HeartbeatItems.MAX_SEQ));
      return new WriteOutcome.Written();
    } catch (ConditionalCheckFailedException e) {
      OptionalLong stored;
      try {
        stored = DynamoAgentStore.seqOf(e.hasItem() ? e.item() : Map.of());
      } catch (MalformedItemException malformed) {
        stored = OptionalLong.empty();
      }
      return new WriteOutcome.SeqBehind(stored);
    } catch (SdkException e) {
      return new WriteOutcome.Failed(DynamoAgentStore.describe("PutItem", e));
    }
  }

  @Override
  public BatonRead readBaton() {
    Optional<Map<String, AttributeValue>> item;
    try {
      item = path.get(BATON);
    } catch (SdkException e) {
      return new BatonRead.Failed(DynamoAgentStore.describe("GetItem BATON", e));
    }
    // As DynamoDB's HTTP Date header: the authority's time, to the second.
    Instant answeredAt = path.now().truncatedTo(ChronoUnit.SECONDS);
    if (item.isEmpty()) {
      return new BatonRead.Found(Optional.empty(), answeredAt, Duration.ofSeconds(1));
    }
    try {
      Decoded decoded = decoded(item.get());
      return new BatonRead.Found(
          Optional.of(decoded.baton()),
          answeredAt,
          Duration.ofSeconds(1),
          decoded.deadline(),
          decoded.targets());
    } catch (MalformedItemException e) {
      return new BatonRead.Failed("the baton item is malformed: " + e.getMessage());
    }
  }

  @Override
  public OptionalLong storedSeq(String region, String instanceId) {
    try {
      return DynamoAgentStore.seqOf(
          path.get(new ItemKey(TableKeys.heartbeatPk(region), instanceId)).orElse(Map.of()));
    } catch (SdkException e) {
      throw new StoreUnavailableException(DynamoAgentStore.describe("GetItem heartbeat", e), e);
    }
  }

  /** The baton item as read, decoded again only when it was written. */
  private record Decoded(dev.baton.domain.Baton baton, Duration deadline, OutsideTargets targets) {}

  private final DecodedItems<ItemKey, Decoded> decodedBaton =
      new DecodedItems<>(
          item ->
              new Decoded(
                  BatonItems.fromItem(item),
                  DynamoAgentStore.publishedDeadline(item),
                  OutsideTargets.read(item)));

  private Decoded decoded(Map<String, AttributeValue> item) {
    return decodedBaton.get(BATON, item);
  }
}
