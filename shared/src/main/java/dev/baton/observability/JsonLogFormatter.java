package dev.baton.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.MDC;

/**
 * Formats each log record as one JSON object on one line, with the field names of Powertools for
 * AWS Lambda's JSON layout ({@code timestamp}, {@code level}, {@code service}, {@code message},
 * {@code error}), the logger name, and every MDC field (see {@link LogFields}) as a field of its
 * own. CloudWatch Logs Insights reads the fields without parsing messages.
 */
public final class JsonLogFormatter extends Formatter {
  private static final JsonFactory JSON = new JsonFactory();

  private final String service;

  /**
   * @param service the {@code service} field (POWERTOOLS_SERVICE_NAME)
   */
  public JsonLogFormatter(String service) {
    this.service = service;
  }

  @Override
  public String format(LogRecord record) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
      json.writeStringField("level", levelName(record.getLevel()));
      json.writeStringField("service", service);
      json.writeStringField("logger", record.getLoggerName());
      json.writeStringField("message", formatMessage(record));
      Map<String, String> fields = MDC.getCopyOfContextMap();
      if (fields != null) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
          if (!isReserved(field.getKey())) {
            json.writeStringField(field.getKey(), field.getValue());
          }
        }
      }
      Throwable thrown = record.getThrown();
      if (thrown != null) {
        json.writeObjectFieldStart("error");
        json.writeStringField("name", thrown.getClass().getName());
        json.writeStringField("message", String.valueOf(thrown.getMessage()));
        StringWriter stack = new StringWriter();
        thrown.printStackTrace(new PrintWriter(stack));
        json.writeStringField("stack", stack.toString());
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot format a log record as JSON", e);
    }
    return out.append(System.lineSeparator()).toString();
  }

  private static boolean isReserved(String key) {
    return switch (key) {
      case "timestamp", "level", "service", "logger", "message", "error" -> true;
      default -> false;
    };
  }

  /** SLF4J's level names (JUL's FINE is DEBUG, SEVERE is ERROR). */
  static String levelName(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= Level.INFO.intValue()) {
      return "INFO";
    }
    if (value >= Level.FINE.intValue()) {
      return "DEBUG";
    }
    return "TRACE";
  }
}
