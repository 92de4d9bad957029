package dev.baton.promotion;

import java.util.Objects;

/**
 * A promotion request that cannot be accepted as written: names the field and the rule it breaks.
 * Nothing has been written when this is thrown; it becomes the {@code rejected} outcome.
 */
public final class RequestRejected extends RuntimeException {
  private final String field;
  private final String rule;

  /**
   * @param field the JSON field at fault, e.g. {@code to}, or {@code (body)} for the whole request
   * @param rule the rule it breaks, in words an operator understands (never a secret)
   */
  public RequestRejected(String field, String rule) {
    super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"));
    this.field = field;
    this.rule = rule;
  }

  public String field() {
    return field;
  }

  public String rule() {
    return rule;
  }
}
