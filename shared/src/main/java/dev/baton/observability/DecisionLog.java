package dev.baton.observability;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entries;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.baton.port.AuditLog;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON log line per decision, with its reason as a field of its own, so that CloudWatch Logs
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
    LOG.info(
        "{} {}: {}",
        entry.kind(),
        entry.subject(),
        entry.reason(),
        entry("decision", entry.kind()),
        entry("subject", entry.subject()),
        entry("reason", entry.reason()),
        entry("decidedAt", entry.at().toString()),
        entries(Map.copyOf(entry.details())));
  }

  /** Logs a decision that could not be carried out, at WARN, with what went wrong. */
  public static void notCarriedOut(AuditLog.Entry entry, String problem) {
    LOG.warn(
        "{} {} not carried out ({}): {}",
        entry.kind(),
        entry.subject(),
        problem,
        entry.reason(),
        entry("decision", entry.kind()),
        entry("subject", entry.subject()),
        entry("reason", entry.reason()),
        entry("problem", problem),
        entry("decidedAt", entry.at().toString()),
        entries(Map.copyOf(entry.details())));
  }
}
