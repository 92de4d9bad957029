package dev.baton.store;

/** An item that lacks a field or has one of the wrong type; names the attribute and the rule. */
public final class MalformedItemException extends RuntimeException {
  private final String attribute;

  public MalformedItemException(String attribute, String rule) {
    super(attribute + ": " + rule);
    this.attribute = attribute;
  }

  public String attribute() {
    return attribute;
  }
}
