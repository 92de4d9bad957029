package dev.baton.store;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The baton item's shape ({@code pk=BATON sk=ACTIVE}), read by the monitor, the agents and the CLI,
 * written only by the home region.
 */
public final class BatonItems {
  public static final String ACTIVE_REGION = "activeRegion";
  public static final String EPOCH = "epoch";
  public static final String MODE = "mode";
  public static final String SINCE = "since";
  public static final String REASON = "reason";
  public static final String PROMOTION_ID = "promotionId";
  public static final String AUTO_PROMOTIONS = "autoPromotions";
  public static final String VERSION = "version";
  public static final String GRANTED = "granted";

  /**
   * The fence deadline the monitor publishes for agents, in milliseconds ({@code
   * HandoverGate.fenceDeadline}): an agent whose {@code fenceAfter} is longer leases only this
   * long.
   */
  public static final String FENCE_DEADLINE_MS = "fenceDeadlineMs";

  /**
   * The longest fence deadline an agent accepts from the item (an hour: anything longer is bad).
   */
  public static final Duration MAX_FENCE_DEADLINE = Duration.ofHours(1);

  /**
   * The fence deadline published on the baton item, if any.
   *
   * @throws MalformedItemException naming the attribute when it is not a whole number of
   *     milliseconds between 1 and {@link #MAX_FENCE_DEADLINE}
   */
  public static Optional<Duration> fenceDeadline(Map<String, AttributeValue> item) {
    AttributeValue value = item.get(FENCE_DEADLINE_MS);
    if (value == null) {
      return Optional.empty();
    }
    long millis;
    try {
      millis = value.n() == null ? -1 : Long.parseLong(value.n());
    } catch (NumberFormatException e) {
      millis = -1;
    }
    if (millis < 1 || millis > MAX_FENCE_DEADLINE.toMillis()) {
      throw new MalformedItemException(
          FENCE_DEADLINE_MS,
          "must be a whole number of milliseconds between 1 and "
              + MAX_FENCE_DEADLINE.toMillis()
              + ", was "
              + (value.n() == null ? "not a number" : "'" + value.n() + "'"));
    }
    return Optional.of(Duration.ofMillis(millis));
  }

  /**
   * The public health URLs of the regions (docs/decisions/0023), published by the monitor so every
   * agent probes the other regions from outside: one {@code region url} pair per line, sorted by
   * region. A string, so the "only when changed" condition is a plain comparison.
   */
  public static final String OUTSIDE_TARGETS = "outsideTargets";

  /** The rule on {@link #OUTSIDE_TARGETS}, as errors state it. */
  public static final String OUTSIDE_TARGETS_RULE =
      "must be lines of 'region url', the region a DigitalOcean slug, the url http(s)";

  /** {@code urls} (region to URL) as the attribute's text. */
  public static String outsideTargetsText(Map<String, String> urls) {
    StringBuilder out = new StringBuilder();
    new java.util.TreeMap<>(urls)
        .forEach((region, url) -> out.append(region).append(' ').append(url).append('\n'));
    return out.toString();
  }

  /**
   * The outside targets published on the baton item, region to URL; empty when absent.
   *
   * @throws MalformedItemException naming the attribute and the rule when a line is malformed
   */
  public static Map<String, java.net.URI> outsideTargets(Map<String, AttributeValue> item) {
    AttributeValue value = item.get(OUTSIDE_TARGETS);
    if (value == null) {
      return Map.of();
    }
    if (value.s() == null) {
      throw new MalformedItemException(OUTSIDE_TARGETS, OUTSIDE_TARGETS_RULE + " (S)");
    }
    return parseTargets(value.s());
  }

  private static Map<String, java.net.URI> parseTargets(String text) {
    Map<String, java.net.URI> targets = new java.util.LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.strip().split(" ");
      java.net.URI url = null;
      if (parts.length == 2 && parts[0].matches("[a-z]{3}[0-9]")) {
        try {
          url = java.net.URI.create(parts[1]);
        } catch (IllegalArgumentException e) {
          url = null;
        }
      }
      if (url == null
          || url.getHost() == null
          || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
        throw new MalformedItemException(
            OUTSIDE_TARGETS,
            OUTSIDE_TARGETS_RULE
                + "; a line starting '"
                + (parts[0].length() > 8 ? parts[0].substring(0, 8) + "..." : parts[0])
                + "' is not");
      }
      targets.put(parts[0], url);
    }
    return java.util.Collections.unmodifiableMap(targets);
  }

  private BatonItems() {}

  /** The primary key of the baton item. */
  public static Map<String, AttributeValue> key() {
    return Map.of(
        TableKeys.PK, AttributeValue.fromS(TableKeys.BATON_PK),
        TableKeys.SK, AttributeValue.fromS(TableKeys.BATON_SK));
  }

  public static Map<String, AttributeValue> toItem(Baton baton) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(key());
    item.put(ACTIVE_REGION, HeartbeatItems.s(baton.activeRegion()));
    item.put(EPOCH, HeartbeatItems.n(baton.epoch()));
    item.put(MODE, HeartbeatItems.s(baton.mode().name()));
    item.put(SINCE, HeartbeatItems.n(baton.since().toEpochMilli()));
    item.put(REASON, HeartbeatItems.s(baton.reason()));
    if (baton.promotionId() != null) {
      item.put(PROMOTION_ID, HeartbeatItems.s(baton.promotionId()));
    }
    item.put(
        AUTO_PROMOTIONS,
        AttributeValue.fromL(
            baton.autoPromotions().stream().map(t -> HeartbeatItems.n(t.toEpochMilli())).toList()));
    item.put(VERSION, HeartbeatItems.n(baton.version()));
    item.put(GRANTED, AttributeValue.fromBool(baton.granted()));
    return item;
  }

  /**
   * Reads the baton item.
   *
   * @throws MalformedItemException naming the missing or bad attribute
   */
  public static Baton fromItem(Map<String, AttributeValue> item) {
    String mode = HeartbeatItems.requireS(item, MODE);
    BatonMode parsedMode;
    try {
      parsedMode = BatonMode.valueOf(mode);
    } catch (IllegalArgumentException e) {
      throw new MalformedItemException(MODE, "must be AUTO or FROZEN, was '" + mode + "'");
    }
    AttributeValue promotionId = item.get(PROMOTION_ID);
    AttributeValue reason = item.get(REASON);
    AttributeValue autos = item.get(AUTO_PROMOTIONS);
    List<Instant> autoPromotions =
        autos == null || !autos.hasL()
            ? List.of()
            : autos.l().stream().map(v -> Instant.ofEpochMilli(Long.parseLong(v.n()))).toList();
    AttributeValue version = item.get(VERSION);
    AttributeValue granted = item.get(GRANTED);
    return new Baton(
        HeartbeatItems.requireS(item, ACTIVE_REGION),
        HeartbeatItems.requireN(item, EPOCH),
        parsedMode,
        Instant.ofEpochMilli(HeartbeatItems.requireN(item, SINCE)),
        reason == null ? "" : reason.s(),
        promotionId == null ? null : promotionId.s(),
        autoPromotions,
        version == null || version.n() == null ? 0 : Long.parseLong(version.n()),
        // A baton written before the handover protocol has no flag: it was granted.
        granted == null || granted.bool() == null || granted.bool());
  }
}
