package dev.baton.store;

import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The region state item's shape ({@code pk=REGION#<region> sk=STATE}), written only by the home
 * region's detectors. Times are epoch milliseconds; absent optional times are absent attributes.
 */
public final class RegionStateItems {
  public static final String REGION = "region";
  public static final String HEALTH = "health";
  public static final String SINCE = "since";
  public static final String LAST_UP_AT = "lastUpAt";
  public static final String UP_SINCE = "upSince";
  public static final String HEALTHY_INSTANCES = "healthyInstances";
  public static final String EXPECTED_INSTANCES = "expectedInstances";
  public static final String REASON = "reason";
  public static final String VERSION = "version";

  private RegionStateItems() {}

  /** The primary key of {@code region}'s state item. */
  public static Map<String, AttributeValue> key(String region) {
    return Map.of(
        TableKeys.PK, HeartbeatItems.s(TableKeys.regionPk(region)),
        TableKeys.SK, HeartbeatItems.s(TableKeys.REGION_STATE_SK));
  }

  public static Map<String, AttributeValue> toItem(RegionState state) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(key(state.region()));
    item.put(REGION, HeartbeatItems.s(state.region()));
    item.put(HEALTH, HeartbeatItems.s(state.health().name()));
    item.put(SINCE, HeartbeatItems.n(state.since().toEpochMilli()));
    if (state.lastUpAt() != null) {
      item.put(LAST_UP_AT, HeartbeatItems.n(state.lastUpAt().toEpochMilli()));
    }
    if (state.upSince() != null) {
      item.put(UP_SINCE, HeartbeatItems.n(state.upSince().toEpochMilli()));
    }
    item.put(HEALTHY_INSTANCES, HeartbeatItems.n(state.healthyInstances()));
    item.put(EXPECTED_INSTANCES, HeartbeatItems.n(state.expectedInstances()));
    // DynamoDB rejects empty strings in key attributes only; an empty reason is stored as is.
    item.put(REASON, HeartbeatItems.s(state.reason()));
    item.put(VERSION, HeartbeatItems.n(state.version()));
    return item;
  }

  /**
   * Reads a region state item.
   *
   * @throws MalformedItemException naming the missing or bad attribute
   */
  public static RegionState fromItem(Map<String, AttributeValue> item) {
    String pk = HeartbeatItems.requireS(item, TableKeys.PK);
    if (!pk.startsWith(TableKeys.REGION_PREFIX)) {
      throw new MalformedItemException(TableKeys.PK, "must start with REGION#, was '" + pk + "'");
    }
    String healthText = HeartbeatItems.requireS(item, HEALTH);
    RegionHealth health;
    try {
      health = RegionHealth.valueOf(healthText);
    } catch (IllegalArgumentException e) {
      throw new MalformedItemException(
          HEALTH,
          "must be one of HEALTHY, SUSPECT, UNHEALTHY, RECOVERING, was '" + healthText + "'");
    }
    AttributeValue reason = item.get(REASON);
    return new RegionState(
        pk.substring(TableKeys.REGION_PREFIX.length()),
        health,
        Instant.ofEpochMilli(HeartbeatItems.requireN(item, SINCE)),
        optionalInstant(item, LAST_UP_AT),
        optionalInstant(item, UP_SINCE),
        (int) HeartbeatItems.requireN(item, HEALTHY_INSTANCES),
        (int) HeartbeatItems.requireN(item, EXPECTED_INSTANCES),
        reason == null ? "" : reason.s(),
        HeartbeatItems.requireN(item, VERSION));
  }

  private static Instant optionalInstant(Map<String, AttributeValue> item, String name) {
    return item.containsKey(name)
        ? Instant.ofEpochMilli(HeartbeatItems.requireN(item, name))
        : null;
  }
}
