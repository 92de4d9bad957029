package dev.baton.agent.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.event.Level;

/**
 * How the agent writes one log record: {@code [LEVEL] Logger - message}, one line (plus a stack
 * trace's lines). Under journald every line starts with the sd-daemon priority prefix ({@code <3>}
 * error, {@code <4>} warn, {@code <6>} info, {@code <7>} debug and trace), so {@code journalctl -p
 * warning} finds the agent's warnings, and the journal stamps the time itself; elsewhere the first
 * line starts with the time instead.
 */
public final class JournalFormat {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private final boolean journal;

  /**
   * @param journal whether stderr is the journal: priority prefixes instead of timestamps
   */
  public JournalFormat(boolean journal) {
    this.journal = journal;
  }

  /** The syslog priority journald reads from the prefix (sd-daemon(3)). */
  static int priority(Level level) {
    return switch (level) {
      case ERROR -> 3;
      case WARN -> 4;
      case INFO -> 6;
      case DEBUG, TRACE -> 7;
    };
  }

  /** The record's text, ending with a newline. */
  public String format(
      Level level, String loggerName, String message, Throwable thrown, Instant at) {
    StringBuilder text = new StringBuilder(128);
    text.append('[')
        .append(level)
        .append("] ")
        .append(loggerName.substring(loggerName.lastIndexOf('.') + 1))
        .append(" - ")
        .append(message);
    if (thrown != null) {
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      text.append('\n').append(trace.toString().stripTrailing());
    }
    StringBuilder out = new StringBuilder(text.length() + 64);
    if (journal) {
      // journald reads the prefix per line: a stack trace's lines keep the record's priority.
      String prefix = "<" + priority(level) + ">";
      text.toString().lines().forEach(line -> out.append(prefix).append(line).append('\n'));
    } else {
      out.append(TIME.format(at)).append(' ').append(text).append('\n');
    }
    return out.toString();
  }
}
