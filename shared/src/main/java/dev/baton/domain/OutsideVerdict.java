package dev.baton.domain;

/** What the outside view says of a region, or what one perspective says of it. */
public enum OutsideVerdict {
  /** Reachable: a majority sees it answer. */
  UP,
  /** Unreachable: a majority (of at least two perspectives, for a region) sees it fail. */
  DOWN,
  /** Nothing decisive: no fresh probe, a split, or too few perspectives to call it down. */
  UNKNOWN,
  /** The region has no public health URL configured: it is judged from inside only. */
  INSIDE_ONLY;

  /** The word used in reasons, {@code baton status} and the stored state. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The verdict named by {@link #word()} (or its enum name). */
  public static OutsideVerdict parse(String word) {
    return valueOf(word.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }
}
