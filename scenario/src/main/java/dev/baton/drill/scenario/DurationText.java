package dev.baton.drill.scenario;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in scenario files: {@code 250ms}, {@code 5s}, {@code 1.5s}, {@code
 * 2m}, {@code 1m30s}, {@code 1h}; a leading {@code +} or {@code -} for signed values (clock skew).
 */
public final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");

  private DurationText() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.trim();
    if (!WHOLE.matcher(t).matches()) {
      throw new IllegalArgumentException(
          "must be a duration such as 250ms, 5s, 1.5s, 2m or 1m30s, was '" + text + "'");
    }
    boolean negative = t.startsWith("-");
    Matcher m = PART.matcher(t);
    double millis = 0;
    while (m.find()) {
      double value = Double.parseDouble(m.group(1));
      millis +=
          switch (m.group(2)) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            default -> value * 3_600_000;
          };
    }
    Duration d = Duration.ofNanos(Math.round(millis * 1_000_000));
    return negative ? d.negated() : d;
  }

  /**
   * A short form for humans: {@code 250ms}, {@code 5s}, {@code 1.5s}, {@code 150s}; whole minutes
   * from ten minutes on ({@code 10m}, {@code 1h} is {@code 60m}).
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long millis = d.toMillis();
    if (millis < 1_000) {
      return millis + "ms";
    }
    if (millis < 600_000) {
      return millis % 1_000 == 0
          ? (millis / 1_000) + "s"
          : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long minutes = millis / 60_000;
    long rest = millis % 60_000;
    return rest == 0 ? minutes + "m" : minutes + "m" + format(Duration.ofMillis(rest));
  }

  /** {@code d} multiplied by {@code factor} (the scenario's scale), to the millisecond. */
  public static Duration scale(Duration d, double factor) {
    return Duration.ofNanos(Math.round(d.toNanos() * factor / 1_000_000.0) * 1_000_000);
  }
}
