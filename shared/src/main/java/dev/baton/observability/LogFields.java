package dev.baton.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Fields added to the log lines written while it is open (SLF4J's MDC, which {@link
 * JsonLogFormatter} writes as JSON fields of their own), restored on close:
 *
 * <pre>
 * try (LogFields f = LogFields.of(Map.of("decision", "alarm", "reason", reason))) {
 *   LOG.info("...");
 * }
 * </pre>
 */
public final class LogFields implements AutoCloseable {
  private final Map<String, String> previous = new LinkedHashMap<>();

  private LogFields(Map<String, String> fields) {
    fields.forEach(
        (key, value) -> {
          previous.put(key, MDC.get(key));
          MDC.put(key, value == null ? "" : value);
        });
  }

  public static LogFields of(Map<String, String> fields) {
    return new LogFields(fields);
  }

  @Override
  public void close() {
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }
}
