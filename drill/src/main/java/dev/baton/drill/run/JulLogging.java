package dev.baton.drill.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Where the CLI's logs go (Baton logs through SLF4J to java.util.logging): the console is for the
 * command's own output, so commands log warnings only, and a drill logs everything to a file next
 * to its report.
 */
public final class JulLogging {
  private static final String FORMAT = "%1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n";

  private JulLogging() {}

  /** Warnings and errors on stderr. */
  public static void warningsOnly() {
    Logger root = reset();
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.WARNING);
    console.setFormatter(new SimpleFormatter());
    root.addHandler(console);
    root.setLevel(Level.WARNING);
  }

  /** Everything at INFO and above into {@code file}; returns the file. */
  public static Path toFile(Path file) {
    return toFile(file, Level.INFO);
  }

  /** Everything at {@code level} and above into {@code file}; returns the file. */
  public static Path toFile(Path file, Level level) {
    Logger root = reset();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileHandler handler = new FileHandler(file.toString(), false);
      handler.setFormatter(new SimpleFormatter());
      handler.setLevel(level);
      root.addHandler(handler);
      root.setLevel(level);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log " + file, e);
    }
    return file;
  }

  private static Logger reset() {
    System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    return root;
  }
}
