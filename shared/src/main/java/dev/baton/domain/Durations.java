package dev.baton.domain;

import java.time.Duration;

/** Durations written the way an operator reads them in reasons: {@code 15s}, {@code 1m30s}. */
final class Durations {
  /** Longer than any timing Baton uses; stands for "never". */
  static final Duration FOREVER = Duration.ofDays(365_000);

  private Durations() {}

  static String format(Duration d) {
    if (d.compareTo(FOREVER) >= 0) {
      return "forever";
    }
    boolean negative = d.isNegative();
    d = d.abs();
    StringBuilder out = new StringBuilder(negative ? "-" : "");
    long hours = d.toHours();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    int millis = d.toMillisPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0 || millis > 0 || out.length() == (negative ? 1 : 0)) {
      out.append(seconds);
      if (millis > 0) {
        // 1.5s, 1.25s, 1.005s: three digits without trailing zeros.
        String digits = String.valueOf(1000 + millis).substring(1);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
          end--;
        }
        out.append('.').append(digits, 0, end);
      }
      out.append('s');
    }
    return out.toString();
  }
}
