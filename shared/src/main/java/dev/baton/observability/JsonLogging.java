package dev.baton.observability;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Routes every log line to stdout as JSON; Lambda sends stdout to CloudWatch Logs. In the functions
 * SLF4J is bound to log4j2 and Powertools logging writes the lines ({@link PowertoolsJsonLogging},
 * docs/decisions/0010); elsewhere (the CLI, which runs the functions in process, and shared's
 * tests) SLF4J's java.util.logging binding does, through {@link JsonLogFormatter}, with the same
 * field names. {@code POWERTOOLS_LOG_LEVEL} (DEBUG, INFO, WARN, ERROR; default INFO) sets Baton's
 * level; libraries log warnings and errors only.
 */
public final class JsonLogging {
  // JUL holds loggers weakly: a level set on a logger nobody references is lost when it is
  // collected, so the configured loggers are kept here.
  private static final List<Logger> CONFIGURED = new ArrayList<>();

  private JsonLogging() {}

  /** Installs the JSON handler on the root logger, replacing the JDK's console handler. */
  public static void install(Map<String, String> env, String defaultService) {
    String service = env.getOrDefault("POWERTOOLS_SERVICE_NAME", defaultService);
    String level = env.getOrDefault("POWERTOOLS_LOG_LEVEL", "INFO");
    if (bound()) {
      PowertoolsJsonLogging.install(System.out, service, level);
      return;
    }
    install(System.out, service, level(level));
  }

  /** Installs a handler writing JSON lines to {@code out}, Baton's loggers at {@code level}. */
  public static synchronized void install(OutputStream out, String service, Level level) {
    if (bound()) {
      PowertoolsJsonLogging.install(out, service, JsonLogFormatter.levelName(level));
      return;
    }
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.WARNING);
    Handler handler = new LineHandler(out, new JsonLogFormatter(service));
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    CONFIGURED.clear();
    for (String name : List.of("dev.baton", DecisionLog.LOGGER)) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(level);
      CONFIGURED.add(logger);
    }
    CONFIGURED.add(root);
  }

  /**
   * Whether SLF4J logs through log4j2, i.e. Powertools logging's log4j backend is on the classpath
   * (the functions); then {@link PowertoolsJsonLogging} writes the lines.
   */
  static boolean bound() {
    return BOUND;
  }

  private static final boolean BOUND =
      org.slf4j.LoggerFactory.getILoggerFactory()
          .getClass()
          .getName()
          .startsWith("org.apache.logging.slf4j");

  /** JUL's level for an SLF4J/Powertools level name; unknown names mean INFO. */
  public static Level level(String name) {
    return switch (name.trim().toUpperCase(Locale.ROOT)) {
      case "TRACE" -> Level.FINEST;
      case "DEBUG" -> Level.FINE;
      case "WARN", "WARNING" -> Level.WARNING;
      case "ERROR" -> Level.SEVERE;
      default -> Level.INFO;
    };
  }

  /** Flushes after every record: a Lambda may be frozen right after it returns. */
  private static final class LineHandler extends StreamHandler {
    LineHandler(OutputStream out, JsonLogFormatter formatter) {
      super(out instanceof PrintStream ps ? ps : new PrintStream(out, true), formatter);
    }

    @Override
    public synchronized void publish(LogRecord record) {
      super.publish(record);
      flush();
    }

    @Override
    public synchronized void close() {
      // stdout belongs to the process: flush, never close it.
      flush();
    }
  }
}
