package dev.baton.store;

import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.OutsideProbe;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The heartbeat item's shape, written by the agent and read by the monitor. One mapper for both
 * sides, so they cannot drift.
 *
 * <pre>
 * pk=HB#&lt;region&gt; sk=&lt;instanceId&gt; region status seq sentAt(ms) agentVersion expiresAt(s)
 * checks = { name: { ok, latencyMs, detail } }   heldEpoch heldRole   upUntil(ms, optional)
 * outside = { region: { ok, detail, downSince(ms, on failed probes) } }   (optional)
 * </pre>
 */
public final class HeartbeatItems {
  public static final String REGION = "region";
  public static final String INSTANCE_ID = "instanceId";
  public static final String STATUS = "status";
  public static final String SEQ = "seq";
  public static final String SENT_AT = "sentAt";
  public static final String CHECKS = "checks";
  public static final String AGENT_VERSION = "agentVersion";
  public static final String OK = "ok";
  public static final String LATENCY_MS = "latencyMs";
  public static final String DETAIL = "detail";
  public static final String HELD_EPOCH = "heldEpoch";
  public static final String HELD_ROLE = "heldRole";

  /**
   * When the agent last judged its app up (ms), on beats that report it down (docs/decisions/0020).
   * Optional: an item without it (an older agent) is judged as before.
   */
  public static final String UP_UNTIL = "upUntil";

  /**
   * The agent's probes of other regions' public health URLs (docs/decisions/0023): by region,
   * {@code ok}, {@code detail} and, on a failed probe, {@code downSince} (ms). Optional.
   */
  public static final String OUTSIDE = "outside";

  public static final String DOWN_SINCE = "downSince";

  /** The rule on {@code upUntil}, as errors state it. */
  public static final String UP_UNTIL_RULE =
      "must be a whole number of milliseconds from 0 to the beat's sentAt";

  /**
   * The largest {@code seq} an agent writes and the monitor accepts: 2^53 - 1, the largest whole
   * number every JSON reader holds exactly (a double's mantissa). Far above any real seq (agents
   * start from the clock in milliseconds, about 2^41 today, and add one per beat), so a seq beyond
   * it was forged or corrupted. Bounding it keeps such a value from overflowing a Java long or
   * wedging an agent that must write above it.
   */
  public static final long MAX_SEQ = (1L << 53) - 1;

  /** The rule on {@code seq}, as errors state it. */
  public static final String SEQ_RULE =
      "must be a whole number from 0 to " + MAX_SEQ + " (2^53 - 1)";

  private HeartbeatItems() {}

  /** The item for {@code beat}, expiring (TTL) at {@code expiresAt}. */
  public static Map<String, AttributeValue> toItem(Heartbeat beat, Instant expiresAt) {
    return toItem(beat, expiresAt, checksValue(beat.checks()), outsideValue(beat.outside()));
  }

  /**
   * An agent's encoder: consecutive beats mostly carry the same checks and outside probes, so it
   * reuses their encoded values (attribute values are immutable) while they are equal. One per
   * agent store; safe for one writer at a time, and for several (a race only encodes again).
   */
  public static final class Encoder {
    private record Last<T>(T value, AttributeValue encoded) {}

    private volatile Last<Map<String, Check>> checks;
    private volatile Last<Map<String, OutsideProbe>> outside;

    /** The item for {@code beat}, as {@link HeartbeatItems#toItem(Heartbeat, Instant)}. */
    public Map<String, AttributeValue> toItem(Heartbeat beat, Instant expiresAt) {
      Last<Map<String, Check>> c = checks;
      if (c == null || !c.value().equals(beat.checks())) {
        c = new Last<>(beat.checks(), checksValue(beat.checks()));
        checks = c;
      }
      Last<Map<String, OutsideProbe>> o = outside;
      if (o == null || !o.value().equals(beat.outside())) {
        o = new Last<>(beat.outside(), outsideValue(beat.outside()));
        outside = o;
      }
      return HeartbeatItems.toItem(beat, expiresAt, c.encoded(), o.encoded());
    }
  }

  private static AttributeValue checksValue(Map<String, Check> beatChecks) {
    Map<String, AttributeValue> checks = new LinkedHashMap<>();
    beatChecks.forEach(
        (name, check) ->
            checks.put(
                name,
                AttributeValue.fromM(
                    Map.of(
                        OK, AttributeValue.fromBool(check.ok()),
                        LATENCY_MS, n(check.latencyMillis()),
                        DETAIL, s(check.detail())))));
    return AttributeValue.fromM(checks);
  }

  /** The encoded probes, or null when there are none (the attribute is then left out). */
  private static AttributeValue outsideValue(Map<String, OutsideProbe> probes) {
    if (probes.isEmpty()) {
      return null;
    }
    Map<String, AttributeValue> outside = new LinkedHashMap<>();
    probes.forEach(
        (region, probe) -> {
          Map<String, AttributeValue> p = new LinkedHashMap<>();
          p.put(OK, AttributeValue.fromBool(probe.ok()));
          p.put(DETAIL, s(probe.detail()));
          if (probe.downSince() != null) {
            p.put(DOWN_SINCE, n(probe.downSince().toEpochMilli()));
          }
          outside.put(region, AttributeValue.fromM(p));
        });
    return AttributeValue.fromM(outside);
  }

  private static Map<String, AttributeValue> toItem(
      Heartbeat beat, Instant expiresAt, AttributeValue checks, AttributeValue outside) {
    if (!seqInRange(beat.seq())) {
      throw new IllegalArgumentException(SEQ + " " + SEQ_RULE + ", was " + beat.seq());
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(TableKeys.PK, s(TableKeys.heartbeatPk(beat.region())));
    item.put(TableKeys.SK, s(beat.instanceId()));
    item.put(REGION, s(beat.region()));
    item.put(INSTANCE_ID, s(beat.instanceId()));
    item.put(STATUS, s(beat.status().name()));
    item.put(SEQ, n(beat.seq()));
    item.put(SENT_AT, n(beat.sentAt().toEpochMilli()));
    item.put(AGENT_VERSION, s(beat.agentVersion()));
    item.put(HELD_EPOCH, n(beat.heldEpoch()));
    if (beat.heldRole() != null) {
      item.put(HELD_ROLE, s(beat.heldRole()));
    }
    if (beat.upUntil() != null) {
      long upUntil = beat.upUntil().toEpochMilli();
      if (upUntil < 0) {
        throw new IllegalArgumentException(UP_UNTIL + " " + UP_UNTIL_RULE + ", was " + upUntil);
      }
      item.put(UP_UNTIL, n(upUntil));
    }
    item.put(TableKeys.EXPIRES_AT, n(expiresAt.getEpochSecond()));
    item.put(CHECKS, checks);
    if (outside != null) {
      item.put(OUTSIDE, outside);
    }
    return item;
  }

  /**
   * Reads a heartbeat item.
   *
   * @throws MalformedItemException naming the missing or bad attribute
   */
  public static Heartbeat fromItem(Map<String, AttributeValue> item) {
    String pk = requireS(item, TableKeys.PK);
    if (!pk.startsWith(TableKeys.HEARTBEAT_PREFIX)) {
      throw new MalformedItemException(TableKeys.PK, "must start with HB#, was '" + pk + "'");
    }
    String region = pk.substring(TableKeys.HEARTBEAT_PREFIX.length());
    String instanceId = requireS(item, TableKeys.SK);
    String statusText = requireS(item, STATUS);
    HeartbeatStatus status;
    try {
      status = HeartbeatStatus.valueOf(statusText);
    } catch (IllegalArgumentException e) {
      throw new MalformedItemException(
          STATUS,
          "must be one of HEALTHY, DEGRADED, UNHEALTHY, DRAINING, STALE, was '" + statusText + "'");
    }
    long seq = requireSeq(item);
    long sentAt = requireN(item, SENT_AT);
    Map<String, Check> checks = new LinkedHashMap<>();
    AttributeValue checksValue = item.get(CHECKS);
    if (checksValue != null && checksValue.hasM()) {
      checksValue
          .m()
          .forEach(
              (name, value) -> {
                Map<String, AttributeValue> c = value.hasM() ? value.m() : Map.of();
                AttributeValue ok = c.get(OK);
                AttributeValue latency = c.get(LATENCY_MS);
                AttributeValue detail = c.get(DETAIL);
                checks.put(
                    name,
                    new Check(
                        ok != null && Boolean.TRUE.equals(ok.bool()),
                        latency == null || latency.n() == null ? 0 : parseN(CHECKS, latency.n()),
                        detail == null ? "" : detail.s()));
              });
    }
    AttributeValue version = item.get(AGENT_VERSION);
    AttributeValue heldEpoch = item.get(HELD_EPOCH);
    AttributeValue heldRole = item.get(HELD_ROLE);
    return new Heartbeat(
        region,
        instanceId,
        status,
        seq,
        Instant.ofEpochMilli(sentAt),
        checks,
        version == null ? null : version.s(),
        null,
        heldEpoch == null || heldEpoch.n() == null ? 0 : parseN(HELD_EPOCH, heldEpoch.n()),
        heldRole == null ? null : heldRole.s(),
        upUntil(item, sentAt),
        outside(item));
  }

  /**
   * The item's outside probes; empty when absent (an agent older than outside-in health).
   *
   * @throws MalformedItemException naming the region's field and its rule
   */
  private static Map<String, OutsideProbe> outside(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(OUTSIDE);
    if (v == null) {
      return Map.of();
    }
    if (!v.hasM()) {
      throw new MalformedItemException(OUTSIDE, "must be a map of region to probe (M)");
    }
    Map<String, OutsideProbe> probes = new LinkedHashMap<>();
    v.m()
        .forEach(
            (region, value) -> {
              String at = OUTSIDE + "." + region;
              if (!value.hasM()) {
                throw new MalformedItemException(
                    at, "must be a map with ok, detail, downSince (M)");
              }
              Map<String, AttributeValue> p = value.m();
              AttributeValue ok = p.get(OK);
              if (ok == null || ok.bool() == null) {
                throw new MalformedItemException(at + "." + OK, "is required and must be BOOL");
              }
              AttributeValue detail = p.get(DETAIL);
              AttributeValue since = p.get(DOWN_SINCE);
              if (ok.bool() && since != null) {
                throw new MalformedItemException(
                    at + "." + DOWN_SINCE, "must be absent on a good probe (ok true)");
              }
              if (!ok.bool() && (since == null || since.n() == null)) {
                throw new MalformedItemException(
                    at + "." + DOWN_SINCE,
                    "is required on a failed probe and must be a whole number of ms (N)");
              }
              Instant downSince = null;
              if (since != null) {
                long ms = parseN(at + "." + DOWN_SINCE, since.n());
                if (ms < 0) {
                  throw new MalformedItemException(
                      at + "." + DOWN_SINCE, "must be a whole number of ms >= 0, was " + ms);
                }
                downSince = Instant.ofEpochMilli(ms);
              }
              probes.put(
                  region,
                  new OutsideProbe(
                      ok.bool(),
                      detail == null || detail.s() == null ? "" : detail.s(),
                      downSince));
            });
    return probes;
  }

  /**
   * The item's {@code upUntil}, or null when absent (an agent older than the field).
   *
   * @throws MalformedItemException when it is not a whole number from 0 to {@code sentAt}
   */
  private static Instant upUntil(Map<String, AttributeValue> item, long sentAt) {
    AttributeValue v = item.get(UP_UNTIL);
    if (v == null) {
      return null;
    }
    if (v.n() == null) {
      throw new MalformedItemException(UP_UNTIL, UP_UNTIL_RULE + " (N)");
    }
    long upUntil;
    try {
      upUntil = Long.parseLong(v.n());
    } catch (NumberFormatException e) {
      throw new MalformedItemException(UP_UNTIL, UP_UNTIL_RULE + ", was '" + v.n() + "'");
    }
    if (upUntil < 0 || upUntil > sentAt) {
      throw new MalformedItemException(
          UP_UNTIL, UP_UNTIL_RULE + " (" + sentAt + "), was " + upUntil);
    }
    return Instant.ofEpochMilli(upUntil);
  }

  /** Whether {@code seq} is within 0 .. {@link #MAX_SEQ}. */
  public static boolean seqInRange(long seq) {
    return seq >= 0 && seq <= MAX_SEQ;
  }

  /**
   * The item's {@code seq}.
   *
   * @throws MalformedItemException when it is missing, not a number, or outside 0 .. {@link
   *     #MAX_SEQ}
   */
  public static long requireSeq(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(SEQ);
    if (v == null || v.n() == null) {
      throw new MalformedItemException(SEQ, "is required and " + SEQ_RULE + " (N)");
    }
    long seq;
    try {
      seq = Long.parseLong(v.n());
    } catch (NumberFormatException e) {
      throw new MalformedItemException(SEQ, SEQ_RULE + ", was '" + v.n() + "'");
    }
    if (!seqInRange(seq)) {
      throw new MalformedItemException(SEQ, SEQ_RULE + ", was " + seq);
    }
    return seq;
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static String requireS(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.s() == null || v.s().isEmpty()) {
      throw new MalformedItemException(name, "is required and must be a non-empty string (S)");
    }
    return v.s();
  }

  static long requireN(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.n() == null) {
      throw new MalformedItemException(name, "is required and must be a number (N)");
    }
    return parseN(name, v.n());
  }

  private static long parseN(String name, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new MalformedItemException(name, "must be a whole number, was '" + text + "'");
    }
  }
}
