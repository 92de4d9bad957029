package dev.baton.drill.timeline;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The live timeline: one line per event, with the elapsed time, e.g. {@code +20.31s region ...}.
 */
public final class TimelinePrinter implements Consumer<DrillEvent> {
  private final PrintWriter out;

  public TimelinePrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void accept(DrillEvent event) {
    out.println(line(event));
    out.flush();
  }

  /** The line printed for {@code event}. */
  public static String line(DrillEvent event) {
    return String.format(
        Locale.ROOT, "%9s  %-9s  %s", elapsed(event.at()), event.category(), event.summary());
  }

  /** Elapsed time as printed: {@code +20.31s}. */
  public static String elapsed(Duration d) {
    return String.format(Locale.ROOT, "+%.2fs", d.toMillis() / 1000.0);
  }
}
