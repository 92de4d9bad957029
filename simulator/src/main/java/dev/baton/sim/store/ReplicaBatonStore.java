package dev.baton.sim.store;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.port.BatonStore;
import dev.baton.store.BatonItems;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.SdkFailures;
import dev.baton.store.TableKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The baton item through one {@link TablePath}, with the semantics of {@code DynamoBatonStore}: the
 * claim reads the baton, then writes on {@code epoch = :expected AND activeRegion = :from}; a mode
 * change on the epoch (an unfreeze also clears {@code autoPromotions}); the first placement on the
 * item's absence; every write adds one to {@code version}. A lost race is an outcome; a failed call
 * is the {@code DependencyException} production throws.
 */
public final class ReplicaBatonStore implements BatonStore {

  private final TablePath path;
  private final Duration autoPromotionRetention;

  public ReplicaBatonStore(TablePath path, Duration autoPromotionRetention) {
    this.path = path;
    this.autoPromotionRetention = autoPromotionRetention;
  }

  @Override
  public Optional<Baton> read() {
    try {
      return path.get(key()).map(BatonItems::fromItem);
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "read the baton", e);
    }
  }

  @Override
  public Baton initialize(Baton initial) {
    try {
      path.put(BatonItems.toItem(initial), Conditions.absent());
      return initial;
    } catch (ConditionalCheckFailedException e) {
      return current(e)
          .orElseThrow(() -> new IllegalStateException("the baton exists but is unreadable", e));
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
    if (!DynamoBatonStore.claimable(before, expectedEpoch, from, automatic)) {
      return new ClaimOutcome.EpochMoved(before);
    }
    List<Instant> autoPromotions =
        DynamoBatonStore.autoPromotionsAfterClaim(
            before.get().autoPromotions(), automatic, now, autoPromotionRetention);
    try {
      Map<String, AttributeValue> stored =
          path.write(
              key(),
              automatic
                  ? Conditions.numberEquals(BatonItems.EPOCH, expectedEpoch)
                      .and(Conditions.stringEquals(BatonItems.ACTIVE_REGION, from))
                      .and(Conditions.stringEquals(BatonItems.MODE, BatonMode.AUTO.name()))
                  : Conditions.numberEquals(BatonItems.EPOCH, expectedEpoch)
                      .and(Conditions.stringEquals(BatonItems.ACTIVE_REGION, from)),
              old -> {
                Baton b = BatonItems.fromItem(old);
                return keepPublished(
                    old,
                    BatonItems.toItem(
                        new Baton(
                            to,
                            expectedEpoch + 1,
                            b.mode(),
                            now,
                            DynamoBatonStore.nonEmpty(reason),
                            promotionId,
                            autoPromotions,
                            b.version() + 1,
                            false)));
              });
      return new ClaimOutcome.Claimed(BatonItems.fromItem(stored));
    } catch (ConditionalCheckFailedException e) {
      return new ClaimOutcome.EpochMoved(current(e));
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "claim the baton " + from + " -> " + to, e);
    }
  }

  /**
   * {@code next} with what the monitor publishes on the baton item kept from {@code old}: the
   * production store changes the baton with {@code UpdateItem ... SET}, which leaves the fence
   * deadline and the outside targets in place.
   */
  private static Map<String, AttributeValue> keepPublished(
      Map<String, AttributeValue> old, Map<String, AttributeValue> next) {
    Map<String, AttributeValue> kept = new java.util.HashMap<>(next);
    for (String published : List.of(BatonItems.FENCE_DEADLINE_MS, BatonItems.OUTSIDE_TARGETS)) {
      AttributeValue value = old.get(published);
      if (value != null) {
        kept.put(published, value);
      }
    }
    return Map.copyOf(kept);
  }

  @Override
  public boolean publishOutsideTargets(Map<String, String> healthUrls) {
    return publish(
        BatonItems.OUTSIDE_TARGETS,
        AttributeValue.fromS(BatonItems.outsideTargetsText(healthUrls)),
        "the outside targets");
  }

  @Override
  public boolean publishFenceDeadline(Duration fenceDeadline) {
    return publish(
        BatonItems.FENCE_DEADLINE_MS,
        AttributeValue.fromN(Long.toString(fenceDeadline.toMillis())),
        "the fence deadline");
  }

  /** As DynamoBatonStore's: only a baton that exists and says something else is written. */
  private boolean publish(String attribute, AttributeValue value, String what) {
    try {
      path.write(
          key(),
          old -> !old.isEmpty() && !value.equals(old.get(attribute)),
          old -> {
            Map<String, AttributeValue> next = new java.util.HashMap<>(old);
            next.put(attribute, value);
            return Map.copyOf(next);
          });
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "publish " + what, e);
    }
  }

  @Override
  public ClaimOutcome grant(long epoch, String promotionId, Instant now) {
    try {
      Map<String, AttributeValue> stored =
          path.write(
              key(),
              Conditions.numberEquals(BatonItems.EPOCH, epoch)
                  .and(Conditions.stringEquals(BatonItems.PROMOTION_ID, promotionId)),
              old -> {
                Baton b = BatonItems.fromItem(old);
                return keepPublished(
                    old,
                    BatonItems.toItem(
                        new Baton(
                            b.activeRegion(),
                            b.epoch(),
                            b.mode(),
                            b.since(),
                            b.reason(),
                            b.promotionId(),
                            b.autoPromotions(),
                            b.version() + 1,
                            true)));
              });
      return new ClaimOutcome.Claimed(BatonItems.fromItem(stored));
    } catch (ConditionalCheckFailedException e) {
      return new ClaimOutcome.EpochMoved(current(e));
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "grant the baton of epoch " + epoch, e);
    }
  }

  @Override
  public ClaimOutcome setMode(long expectedEpoch, BatonMode mode, String reason, Instant now) {
    boolean unfreeze = mode == BatonMode.AUTO;
    try {
      Map<String, AttributeValue> stored =
          path.write(
              key(),
              Conditions.numberEquals(BatonItems.EPOCH, expectedEpoch),
              old -> {
                Baton b = BatonItems.fromItem(old);
                return keepPublished(
                    old,
                    BatonItems.toItem(
                        new Baton(
                            b.activeRegion(),
                            b.epoch(),
                            mode,
                            now,
                            DynamoBatonStore.nonEmpty(reason),
                            b.promotionId(),
                            unfreeze ? List.of() : b.autoPromotions(),
                            b.version() + 1,
                            b.granted())));
              });
      return new ClaimOutcome.Claimed(BatonItems.fromItem(stored));
    } catch (ConditionalCheckFailedException e) {
      return new ClaimOutcome.EpochMoved(current(e));
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "set the baton's mode to " + mode, e);
    }
  }

  private Optional<Baton> current(ConditionalCheckFailedException e) {
    if (e.hasItem() && e.item().containsKey(TableKeys.PK)) {
      return Optional.of(BatonItems.fromItem(e.item()));
    }
    return read();
  }

  /** The baton's item. */
  public static ItemKey key() {
    return ItemKey.of(BatonItems.key());
  }
}
