package dev.baton.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in topology files, the agent's configuration and drill scenarios.
 *
 * <p>The grammar, after trimming surrounding whitespace (letters in any case):
 *
 * <pre>
 * duration := sign? (part+ | iso)     a sign only where the caller allows it (parseSigned)
 * part     := number space* unit      1m30s, 1.5s, 5 s; parts add up
 * number   := digits ("." digits)?
 * unit     := ms | s | m | h | d
 * iso      := ISO-8601 as java.time.Duration reads it, unsigned: PT5S, PT1.5S, P1D
 * </pre>
 *
 * A bare number is refused: {@code 5} could mean seconds or milliseconds, and guessing wrong by a
 * factor of 1000 is how a fence timer becomes useless. Decimals are exact (below a nanosecond they
 * round half up).
 */
public final class DurationText {
  /** The rule a text that is not a duration breaks; error messages end with the text seen. */
  public static final String RULE =
      "must be a duration with a unit such as 500ms, 5s, 1.5s, 2m, 1m30s or 1h (or ISO-8601 PT5S)";

  /** The rule a signed text breaks where only a length of time makes sense. */
  public static final String UNSIGNED_RULE =
      "must be a duration without a sign, such as 5s or 1m30s";

  /** The rule a text breaks when its value does not fit a {@link Duration}. */
  public static final String RANGE_RULE = "must be a duration shorter than 292 billion years";

  private static final String NUMBER_AND_UNIT = "(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)";
  private static final Pattern PART = Pattern.compile(NUMBER_AND_UNIT, Pattern.CASE_INSENSITIVE);
  private static final Pattern PARTS =
      Pattern.compile("(?:" + NUMBER_AND_UNIT + ")+", Pattern.CASE_INSENSITIVE);
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000);

  private DurationText() {}

  /**
   * The duration {@code text} stands for, with no sign (topology and agent durations).
   *
   * @throws IllegalArgumentException naming the rule broken and the text
   */
  public static Duration parseUnsigned(String text) {
    String t = text == null ? "" : text.trim();
    if (t.startsWith("+") || t.startsWith("-")) {
      throw broken(UNSIGNED_RULE, text);
    }
    return read(t, false, text);
  }

  /**
   * {@link #parseUnsigned}, or empty when {@code text} is not an unsigned duration: for callers
   * that word their own message (a command-line option's converter).
   */
  public static Optional<Duration> parse(String text) {
    try {
      return Optional.of(parseUnsigned(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The duration {@code text} stands for, with an optional leading {@code +} or {@code -} (a clock
   * skew such as {@code -40s}).
   *
   * @throws IllegalArgumentException naming the rule broken and the text
   */
  public static Duration parseSigned(String text) {
    String t = text == null ? "" : text.trim();
    boolean negative = t.startsWith("-");
    return read(negative || t.startsWith("+") ? t.substring(1) : t, negative, text);
  }

  private static Duration read(String unsigned, boolean negative, String text) {
    if (PARTS.matcher(unsigned).matches()) {
      return sumOfParts(unsigned, negative, text);
    }
    // Signs inside ISO-8601 (PT-5S, PT1M-30S) are refused: a sign goes in front or nowhere.
    if (unsigned.regionMatches(true, 0, "P", 0, 1)
        && unsigned.indexOf('-') < 0
        && unsigned.indexOf('+') < 0) {
      try {
        return Duration.parse(negative ? "-" + unsigned : unsigned);
      } catch (DateTimeParseException e) {
        if (e.getCause() instanceof ArithmeticException
            || e.getCause() instanceof NumberFormatException) {
          throw broken(RANGE_RULE, text);
        }
      }
    }
    throw broken(RULE, text);
  }

  private static Duration sumOfParts(String unsigned, boolean negative, String text) {
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = PART.matcher(unsigned);
    while (m.find()) {
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(nanosPer(m.group(2))));
    }
    BigInteger whole = nanos.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
    return ofNanos(negative ? whole.negate() : whole, text);
  }

  private static BigDecimal nanosPer(String unit) {
    return BigDecimal.valueOf(
        switch (unit.toLowerCase(Locale.ROOT)) {
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> 86_400_000_000_000L;
        });
  }

  private static Duration ofNanos(BigInteger nanos, String text) {
    BigInteger[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
    BigInteger seconds = secondsAndNanos[0];
    BigInteger nanoPart = secondsAndNanos[1];
    if (nanoPart.signum() < 0) { // Duration keeps the nanosecond part positive: -1.5s is -2s + 0.5s
      seconds = seconds.subtract(BigInteger.ONE);
      nanoPart = nanoPart.add(NANOS_PER_SECOND);
    }
    if (seconds.bitLength() >= Long.SIZE) {
      throw broken(RANGE_RULE, text);
    }
    return Duration.ofSeconds(seconds.longValue(), nanoPart.longValue());
  }

  private static IllegalArgumentException broken(String rule, String text) {
    return new IllegalArgumentException(rule + ", was '" + text + "'");
  }

  /**
   * The exact short form that {@link #parseSigned} reads back: hours, minutes, then what is left
   * below a minute in seconds ({@code 1.5s}) or, when under a second, in milliseconds ({@code
   * 250ms}). So {@code 1h}, {@code 1m30s}, {@code 10m250ms}, {@code -3s}, {@code 0s}.
   */
  public static String format(Duration d) {
    BigInteger nanos =
        BigInteger.valueOf(d.getSeconds())
            .multiply(NANOS_PER_SECOND)
            .add(BigInteger.valueOf(d.getNano()));
    if (nanos.signum() == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder(nanos.signum() < 0 ? "-" : "");
    BigInteger[] hours = nanos.abs().divideAndRemainder(BigInteger.valueOf(3_600_000_000_000L));
    BigInteger[] minutes = hours[1].divideAndRemainder(BigInteger.valueOf(60_000_000_000L));
    if (hours[0].signum() > 0) {
      out.append(hours[0]).append('h');
    }
    if (minutes[0].signum() > 0) {
      out.append(minutes[0]).append('m');
    }
    long belowMinute = minutes[1].longValueExact();
    if (belowMinute >= 1_000_000_000L) {
      out.append(decimal(belowMinute, 9)).append('s');
    } else if (belowMinute > 0) {
      out.append(decimal(belowMinute, 6)).append("ms");
    }
    return out.toString();
  }

  private static String decimal(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale).stripTrailingZeros().toPlainString();
  }

  /** {@code d} multiplied by {@code factor} (a scenario's scale), to the millisecond. */
  public static Duration scale(Duration d, double factor) {
    return Duration.ofNanos(Math.round(d.toNanos() * factor / 1_000_000.0) * 1_000_000);
  }
}
