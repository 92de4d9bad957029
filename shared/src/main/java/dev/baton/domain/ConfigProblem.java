package dev.baton.domain;

/**
 * One thing wrong with a configuration document.
 *
 * @param field the dotted path of the field, e.g. {@code timings.staleAfter} or {@code
 *     regions[1].name}
 * @param rule the rule it breaks, in words an operator understands
 */
public record ConfigProblem(String field, String rule) {
  @Override
  public String toString() {
    return field + ": " + rule;
  }
}
