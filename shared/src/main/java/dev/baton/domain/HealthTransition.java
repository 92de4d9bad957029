package dev.baton.domain;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the region health table: from {@code from} to {@code to} when {@code guard} holds,
 * explained by {@code reasonTemplate}.
 *
 * @param from the state the region is in
 * @param to the state it moves to
 * @param guard when
 * @param reasonTemplate one sentence with {@code {placeholders}} filled in by {@link #reason(Map)}
 */
public record HealthTransition(
    RegionHealth from, RegionHealth to, HealthGuard guard, String reasonTemplate) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

  public HealthTransition {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(reasonTemplate, "reasonTemplate");
    if (from == to) {
      throw new IllegalArgumentException("a transition changes the state: " + from + " -> " + to);
    }
  }

  /** Whether this row fires for a region in {@code current} with {@code sample}. */
  public boolean fires(RegionHealth current, RegionSample sample) {
    return from == current && guard.test(sample);
  }

  /**
   * The reason with its placeholders filled from {@code values}.
   *
   * @throws IllegalArgumentException when a placeholder has no value (a bug in the table)
   */
  public String reason(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(reasonTemplate);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "no value for {" + m.group(1) + "} in the reason of " + from + " -> " + to);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The placeholders the template uses. */
  public java.util.Set<String> placeholders() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(reasonTemplate);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
