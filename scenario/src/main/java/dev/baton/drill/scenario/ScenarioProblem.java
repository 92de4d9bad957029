package dev.baton.drill.scenario;

/**
 * One thing wrong with a scenario file.
 *
 * @param field the dotted path of the field, e.g. {@code timeline[2].do}
 * @param rule the rule it breaks
 * @param line the line of the file, or 0 when unknown
 */
public record ScenarioProblem(String field, String rule, int line) {
  @Override
  public String toString() {
    return (line > 0 ? "line " + line + ": " : "") + field + ": " + rule;
  }
}
