package dev.baton.observability;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The functions' log lines (docs/decisions/0010): the same JSON lines as {@link JsonLogFormatter},
 * written by Powertools for AWS Lambda's log4j2 backend: log4j's {@code JsonTemplateLayout} with
 * Powertools' resolver (the Lambda context fields {@code PowertoolsLogging.initializeLogging} puts
 * in the MDC, and every other MDC entry as a field of its own). Configured in code, no {@code
 * log4j2.xml}: Baton's loggers at the given level, libraries at WARN. Used by {@link JsonLogging}
 * when SLF4J is bound to log4j (the functions); everything else keeps java.util.logging.
 */
final class PowertoolsJsonLogging {
  private PowertoolsJsonLogging() {}

  /**
   * Adds the Lambda context fields ({@code function_request_id}, {@code cold_start}, {@code
   * function_arn}, ...) for one invocation, removed again on close.
   */
  static LogFields forInvocation(com.amazonaws.services.lambda.runtime.Context lambda) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    PowertoolsLogging.initializeLogging(lambda);
    Map<String, String> after = MDC.getCopyOfContextMap();
    Map<String, String> previous = new LinkedHashMap<>();
    if (after != null) {
      for (String key : after.keySet()) {
        previous.put(key, before == null ? null : before.get(key));
      }
    }
    return LogFields.restoring(previous);
  }

  static synchronized void install(OutputStream out, String service, String levelName) {
    Level level = Level.toLevel(levelName.trim(), Level.INFO);
    // PowertoolsLogging's static initializer applies POWERTOOLS_LOG_LEVEL (or Lambda's
    // AWS_LAMBDA_LOG_LEVEL) to every logger, libraries included: run it first, at init, so that
    // the configuration below (libraries at WARN) is the one that stays.
    initialize(PowertoolsLogging.class);
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.setConfiguration(new JsonConfiguration(context, out, service, level));
  }

  private static void initialize(Class<?> type) {
    try {
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Powertools' LambdaJsonLayout.json, plus {@code logger}, with the service fixed at init. */
  static String template(String service) {
    return """
        {
          "timestamp": {"$resolver": "timestamp",
                        "pattern": {"format": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "timeZone": "UTC"}},
          "level": {"$resolver": "level", "field": "name"},
          "service": %s,
          "logger": {"$resolver": "logger", "field": "name"},
          "message": {"$resolver": "message", "stringified": true},
          "error": {
            "name": {"$resolver": "exception", "field": "className"},
            "message": {"$resolver": "exception", "field": "message"},
            "stack": {"$resolver": "exception", "field": "stackTrace",
                      "stackTrace": {"stringified": true}}
          },
          "cold_start": {"$resolver": "powertools", "field": "cold_start"},
          "function_arn": {"$resolver": "powertools", "field": "function_arn"},
          "function_memory_size": {"$resolver": "powertools", "field": "function_memory_size"},
          "function_name": {"$resolver": "powertools", "field": "function_name"},
          "function_request_id": {"$resolver": "powertools", "field": "function_request_id"},
          "function_version": {"$resolver": "powertools", "field": "function_version"},
          "xray_trace_id": {"$resolver": "powertools", "field": "xray_trace_id"},
          "": {"$resolver": "powertools"}
        }
        """
        .formatted(quoted(service));
  }

  private static String quoted(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }

  private static final class JsonConfiguration extends AbstractConfiguration {
    private final OutputStream out;
    private final String service;
    private final Level level;

    JsonConfiguration(LoggerContext context, OutputStream out, String service, Level level) {
      super(context, ConfigurationSource.NULL_SOURCE);
      this.out = out;
      this.service = service;
      this.level = level;
      setName("baton-json");
    }

    @Override
    protected void doConfigure() {
      JsonTemplateLayout layout =
          JsonTemplateLayout.newBuilder()
              .setConfiguration(this)
              .setCharset(StandardCharsets.UTF_8)
              .setEventTemplate(template(service))
              .build();
      Appender appender =
          OutputStreamAppender.newBuilder()
              .setName("json")
              .setTarget(new NonClosing(out))
              .setLayout(layout)
              .setImmediateFlush(true)
              .setConfiguration(this)
              .build();
      appender.start();
      addAppender(appender);
      LoggerConfig root = getRootLogger();
      root.setLevel(Level.WARN);
      root.addAppender(appender, null, null);
      for (String name : List.of("dev.baton", DecisionLog.LOGGER)) {
        addLogger(name, new LoggerConfig(name, level, true));
      }
    }
  }

  /** stdout belongs to the process: the appender flushes it, never closes it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws java.io.IOException {
      flush();
    }
  }
}
