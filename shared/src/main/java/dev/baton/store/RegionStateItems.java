package dev.baton.store;

import dev.baton.domain.OutsideVerdict;
import dev.baton.domain.OutsideView;
import dev.baton.domain.PerspectiveView;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  /**
   * The outside view at the evaluation that stored the state (docs/decisions/0023): {@code
   * verdict}, {@code downSince} (ms, when down) and {@code perspectives}, a list of {@code
   * perspective, verdict, failing, probers, suspect, detail, downSince}. Absent on states stored
   * before it.
   */
  public static final String OUTSIDE = "outside";

  static final String VERDICT = "verdict";
  static final String PERSPECTIVES = "perspectives";
  static final String PERSPECTIVE = "perspective";
  static final String FAILING = "failing";
  static final String PROBERS = "probers";
  static final String SUSPECT = "suspect";

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
    if (state.outside() != null) {
      item.put(OUTSIDE, outsideItem(state.outside()));
    }
    return item;
  }

  private static AttributeValue outsideItem(OutsideView view) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put(VERDICT, HeartbeatItems.s(view.verdict().name()));
    if (view.downSince() != null) {
      m.put(HeartbeatItems.DOWN_SINCE, HeartbeatItems.n(view.downSince().toEpochMilli()));
    }
    List<AttributeValue> perspectives = new ArrayList<>();
    for (PerspectiveView p : view.perspectives()) {
      Map<String, AttributeValue> pm = new LinkedHashMap<>();
      pm.put(PERSPECTIVE, HeartbeatItems.s(p.perspective()));
      pm.put(VERDICT, HeartbeatItems.s(p.verdict().name()));
      pm.put(FAILING, HeartbeatItems.n(p.failing()));
      pm.put(PROBERS, HeartbeatItems.n(p.probers()));
      pm.put(SUSPECT, AttributeValue.fromBool(p.suspect()));
      pm.put(HeartbeatItems.DETAIL, HeartbeatItems.s(p.detail()));
      if (p.downSince() != null) {
        pm.put(HeartbeatItems.DOWN_SINCE, HeartbeatItems.n(p.downSince().toEpochMilli()));
      }
      perspectives.add(AttributeValue.fromM(pm));
    }
    m.put(PERSPECTIVES, AttributeValue.fromL(perspectives));
    return AttributeValue.fromM(m);
  }

  private static OutsideView outside(String region, Map<String, AttributeValue> item) {
    AttributeValue v = item.get(OUTSIDE);
    if (v == null) {
      return null;
    }
    if (!v.hasM()) {
      throw new MalformedItemException(OUTSIDE, "must be a map (M)");
    }
    Map<String, AttributeValue> m = v.m();
    OutsideVerdict verdict = verdict(m, OUTSIDE + "." + VERDICT);
    List<PerspectiveView> perspectives = new ArrayList<>();
    AttributeValue list = m.get(PERSPECTIVES);
    if (list != null) {
      if (!list.hasL()) {
        throw new MalformedItemException(OUTSIDE + "." + PERSPECTIVES, "must be a list (L)");
      }
      for (int i = 0; i < list.l().size(); i++) {
        String at = OUTSIDE + "." + PERSPECTIVES + "[" + i + "]";
        AttributeValue e = list.l().get(i);
        if (!e.hasM()) {
          throw new MalformedItemException(at, "must be a map (M)");
        }
        Map<String, AttributeValue> pm = e.m();
        AttributeValue suspect = pm.get(SUSPECT);
        AttributeValue detail = pm.get(HeartbeatItems.DETAIL);
        perspectives.add(
            new PerspectiveView(
                HeartbeatItems.requireS(pm, PERSPECTIVE),
                verdict(pm, at + "." + VERDICT),
                (int) HeartbeatItems.requireN(pm, FAILING),
                (int) HeartbeatItems.requireN(pm, PROBERS),
                optionalInstant(pm, HeartbeatItems.DOWN_SINCE),
                suspect != null && Boolean.TRUE.equals(suspect.bool()),
                detail == null ? "" : detail.s()));
      }
    }
    return new OutsideView(
        region, verdict, perspectives, optionalInstant(m, HeartbeatItems.DOWN_SINCE));
  }

  private static OutsideVerdict verdict(Map<String, AttributeValue> m, String at) {
    AttributeValue v = m.get(VERDICT);
    String text = v == null ? null : v.s();
    try {
      return OutsideVerdict.valueOf(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      throw new MalformedItemException(
          at, "must be one of UP, DOWN, UNKNOWN, INSIDE_ONLY, was '" + text + "'");
    }
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
    String region = pk.substring(TableKeys.REGION_PREFIX.length());
    return new RegionState(
        region,
        health,
        Instant.ofEpochMilli(HeartbeatItems.requireN(item, SINCE)),
        optionalInstant(item, LAST_UP_AT),
        optionalInstant(item, UP_SINCE),
        (int) HeartbeatItems.requireN(item, HEALTHY_INSTANCES),
        (int) HeartbeatItems.requireN(item, EXPECTED_INSTANCES),
        reason == null ? "" : reason.s(),
        HeartbeatItems.requireN(item, VERSION),
        outside(region, item));
  }

  private static Instant optionalInstant(Map<String, AttributeValue> item, String name) {
    return item.containsKey(name)
        ? Instant.ofEpochMilli(HeartbeatItems.requireN(item, name))
        : null;
  }
}
