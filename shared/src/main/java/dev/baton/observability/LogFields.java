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

  private LogFields() {}

  /** Restores {@code previous} (null values: removed) on close; for fields set elsewhere. */
  static LogFields restoring(Map<String, String> previous) {
    LogFields fields = new LogFields();
    fields.previous.putAll(previous);
    return fields;
  }

  /**
   * The fields of one Lambda invocation: with Powertools logging (decision 0010) those of {@code
   * PowertoolsLogging.initializeLogging} (request id, cold start, function ARN, ...), otherwise
   * {@code function_request_id} alone ("local" without a context).
   */
  public static LogFields forInvocation(com.amazonaws.services.lambda.runtime.Context lambda) {
    if (lambda != null && JsonLogging.bound()) {
      return PowertoolsJsonLogging.forInvocation(lambda);
    }
    String requestId =
        lambda == null || lambda.getAwsRequestId() == null ? "local" : lambda.getAwsRequestId();
    return of(Map.of("function_request_id", requestId));
  }

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
