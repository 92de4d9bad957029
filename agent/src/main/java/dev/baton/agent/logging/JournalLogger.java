package dev.baton.agent.logging;

import java.io.PrintStream;
import java.time.Clock;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that writes {@link JournalFormat} lines to stderr at or above a threshold. */
final class JournalLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient Level threshold;
  private final transient JournalFormat format;
  private final transient PrintStream sink;
  private final transient Clock clock;

  JournalLogger(String name, Level threshold, JournalFormat format, PrintStream sink, Clock clock) {
    this.name = name;
    this.threshold = threshold;
    this.format = format;
    this.sink = sink;
    this.clock = clock;
  }

  private boolean enabled(Level level) {
    return level.toInt() >= threshold.toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
    String message = MessageFormatter.basicArrayFormat(pattern, args);
    // One print per record: PrintStream serialises it, so concurrent records do not interleave.
    sink.print(format.format(level, name, message, thrown, clock.instant()));
    sink.flush();
  }
}
