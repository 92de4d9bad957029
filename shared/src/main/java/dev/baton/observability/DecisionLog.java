package dev.baton.observability;

import dev.baton.port.AuditLog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON log line per decision, with its reason as a field of its own ({@code decision}, {@code
 * subject}, {@code reason}, {@code decidedAt} and the entry's details), so that CloudWatch Logs
 * Insights can filter on {@code decision} and read {@code reason} without parsing the message. The
 * same entry goes to the audit log; the line is the operator's first view.
 */
public final class DecisionLog {
  /** The logger name, stable so log filters and tests can select decision lines. */
  public static final String LOGGER = "baton.decision";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private DecisionLog() {}

  /** Logs a decision at INFO. */
  public static void decided(AuditLog.Entry entry) {
    try (LogFields f = LogFields.of(fields(entry, null))) {
      LOG.info("{} {}: {}", entry.kind(), entry.subject(), entry.reason());
    }
  }

  /** Logs a decision that could not be carried out, at WARN, with what went wrong. */
  public static void notCarriedOut(AuditLog.Entry entry, String problem) {
    try (LogFields f = LogFields.of(fields(entry, problem))) {
      LOG.warn(
          "{} {} not carried out ({}): {}", entry.kind(), entry.subject(), problem, entry.reason());
    }
  }

  /**
   * Logs, at ERROR, the whole entry of an audit record that could not be written (the metric {@code
   * AuditWriteFailed} counts it): this line is then the only record of the decision.
   */
  public static void auditLost(AuditLog.Entry entry, String id, int attempts, String problem) {
    Map<String, String> fields = fields(entry, problem);
    fields.put("auditId", id);
    fields.put("auditAttempts", Integer.toString(attempts));
    try (LogFields f = LogFields.of(fields)) {
      LOG.error(
          "audit record of {} {} lost ({}): {}",
          entry.kind(),
          entry.subject(),
          problem,
          entry.reason());
    }
  }

  private static Map<String, String> fields(AuditLog.Entry entry, String problem) {
    Map<String, String> fields = new LinkedHashMap<>(entry.details());
    fields.put("decision", entry.kind());
    fields.put("subject", entry.subject());
    fields.put("reason", entry.reason());
    fields.put("decidedAt", entry.at().toString());
    if (problem != null) {
      fields.put("problem", problem);
    }
    return fields;
  }
}
