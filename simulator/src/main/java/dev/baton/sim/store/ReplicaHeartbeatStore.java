package dev.baton.sim.store;

import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.InstanceKey;
import dev.baton.port.HeartbeatStore;
import dev.baton.store.DynamoHeartbeatStore;
import dev.baton.store.HeartbeatItems;
import dev.baton.store.MalformedItemException;
import dev.baton.store.SdkFailures;
import dev.baton.store.TableKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The heartbeat partitions through one {@link TablePath}, as {@code DynamoHeartbeatStore}: one
 * Query per region (malformed items skipped), and the STALE mark on {@code attribute_exists(#pk)
 * AND #seq = :seq}, keeping the agent's fields.
 */
public final class ReplicaHeartbeatStore implements HeartbeatStore {
  private final TablePath path;

  public ReplicaHeartbeatStore(TablePath path) {
    this.path = path;
  }

  @Override
  public List<Heartbeat> loadFleet(List<String> regions) {
    List<Heartbeat> beats = new ArrayList<>();
    for (String region : regions) {
      String pk = TableKeys.heartbeatPk(region);
      List<Map<String, AttributeValue>> items;
      try {
        items = path.query(pk);
      } catch (SdkException e) {
        throw SdkFailures.translate("dynamodb", "query " + pk, e);
      }
      for (Map<String, AttributeValue> item : items) {
        try {
          beats.add(HeartbeatItems.fromItem(item));
        } catch (MalformedItemException e) {
          // One bad item must not blind the monitor to the rest of the region.
        }
      }
    }
    return beats;
  }

  @Override
  public boolean markStale(InstanceKey instance, long seq, Instant now) {
    ItemKey key = new ItemKey(TableKeys.heartbeatPk(instance.region()), instance.instanceId());
    try {
      path.write(
          key,
          item ->
              item.containsKey(TableKeys.PK)
                  && Conditions.numberEquals(HeartbeatItems.SEQ, seq).test(item),
          old -> {
            Map<String, AttributeValue> next = new LinkedHashMap<>(old);
            next.put(HeartbeatItems.STATUS, AttributeValue.fromS(HeartbeatStatus.STALE.name()));
            next.put(
                DynamoHeartbeatStore.STALE_MARKED_AT,
                AttributeValue.fromN(Long.toString(now.toEpochMilli())));
            return next;
          });
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "mark " + instance + " STALE", e);
    }
  }
}
