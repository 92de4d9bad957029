package dev.baton.agent.logging;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The agent's loggers: INFO and above, the AWS SDK's WARN and above (its failures reach the agent
 * as exceptions and are logged there), to stderr, which systemd connects to the journal.
 */
final class JournalLoggerFactory implements ILoggerFactory {
  /** Set by systemd when stdout/stderr are connected to the journal: {@code <device>:<inode>}. */
  static final String JOURNAL_STREAM = "JOURNAL_STREAM";

  private static final String QUIET_PREFIX = "software.amazon.awssdk";

  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  private final JournalFormat format;
  private final PrintStream sink;
  private final Clock clock;

  JournalLoggerFactory(JournalFormat format, PrintStream sink, Clock clock) {
    this.format = format;
    this.sink = sink;
    this.clock = clock;
  }

  /** Loggers for this process: stderr, in journal format when stderr is the journal. */
  static JournalLoggerFactory forThisProcess() {
    boolean journal = stderrIsJournal(System.getenv(), JournalLoggerFactory::stderrIdentity);
    return new JournalLoggerFactory(new JournalFormat(journal), System.err, Clock.systemUTC());
  }

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(
        name, n -> new JournalLogger(n, threshold(n), format, sink, clock));
  }

  static Level threshold(String loggerName) {
    return loggerName.startsWith(QUIET_PREFIX) ? Level.WARN : Level.INFO;
  }

  /**
   * Whether stderr is the journal stream systemd announced. The variable alone is not enough: it is
   * inherited by children whose stderr goes elsewhere, so it must name stderr's own device and
   * inode (as sd_journal_stream_fd(3) and systemd.exec(5), "JOURNAL_STREAM", ask).
   *
   * @param stderrIdentity stderr's {@code device:inode}, or null when it cannot be told
   */
  static boolean stderrIsJournal(Map<String, String> env, Supplier<String> stderrIdentity) {
    String announced = env.get(JOURNAL_STREAM);
    if (announced == null || announced.isBlank()) {
      return false;
    }
    String actual = stderrIdentity.get();
    return announced.strip().equals(actual);
  }

  /**
   * stderr's {@code device:inode} as stat(2) gives them (decimal, like JOURNAL_STREAM), or null.
   */
  private static String stderrIdentity() {
    try {
      Map<String, Object> stat = Files.readAttributes(Path.of("/proc/self/fd/2"), "unix:dev,ino");
      return stat.get("dev") + ":" + stat.get("ino");
    } catch (IOException | UnsupportedOperationException e) {
      // Said once, at start: the lines then carry timestamps instead of priority prefixes.
      System.err.println("baton-agent: cannot stat stderr (" + e + "); logging without priorities");
      return null;
    }
  }
}
