package dev.baton.store;

import dev.baton.port.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit item's shape: {@code pk=AUDIT#<yyyy-mm-dd>} (UTC day), {@code sk=<time>#<id>} with a
 * fixed-width UTC time so a day's items sort by time, and {@code expiresAt} (TTL, epoch seconds).
 */
public final class AuditItems {
  public static final String AT = "at";
  public static final String KIND = "kind";
  public static final String SUBJECT = "subject";
  public static final String REASON = "reason";
  public static final String DETAILS = "details";

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AuditItems() {}

  /** {@code AUDIT#<yyyy-mm-dd>} of the UTC day of {@code at}. */
  public static String pk(Instant at) {
    return TableKeys.AUDIT_PREFIX + DAY.format(at);
  }

  /** {@code <yyyy-mm-ddThh:mm:ss.SSSZ>#<id>}. */
  public static String sk(Instant at, String id) {
    return TIME.format(at) + "#" + id;
  }

  public static Map<String, AttributeValue> toItem(
      AuditLog.Entry entry, String id, Duration retention) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(TableKeys.PK, HeartbeatItems.s(pk(entry.at())));
    item.put(TableKeys.SK, HeartbeatItems.s(sk(entry.at(), id)));
    item.put(AT, HeartbeatItems.n(entry.at().toEpochMilli()));
    item.put(KIND, HeartbeatItems.s(entry.kind()));
    item.put(SUBJECT, HeartbeatItems.s(entry.subject() == null ? "" : entry.subject()));
    item.put(REASON, HeartbeatItems.s(entry.reason() == null ? "" : entry.reason()));
    Map<String, AttributeValue> details = new LinkedHashMap<>();
    entry.details().forEach((k, v) -> details.put(k, HeartbeatItems.s(v == null ? "" : v)));
    item.put(DETAILS, AttributeValue.fromM(details));
    item.put(TableKeys.EXPIRES_AT, HeartbeatItems.n(entry.at().plus(retention).getEpochSecond()));
    return item;
  }

  /**
   * Reads an audit item back (the CLI and tests).
   *
   * @throws MalformedItemException naming the missing or bad attribute
   */
  public static AuditLog.Entry fromItem(Map<String, AttributeValue> item) {
    Map<String, String> details = new LinkedHashMap<>();
    AttributeValue d = item.get(DETAILS);
    if (d != null && d.hasM()) {
      d.m().forEach((k, v) -> details.put(k, v.s()));
    }
    AttributeValue subject = item.get(SUBJECT);
    AttributeValue reason = item.get(REASON);
    return new AuditLog.Entry(
        Instant.ofEpochMilli(HeartbeatItems.requireN(item, AT)),
        HeartbeatItems.requireS(item, KIND),
        subject == null ? "" : subject.s(),
        reason == null ? "" : reason.s(),
        details);
  }
}
