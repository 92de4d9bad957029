package dev.baton.drill.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario file that cannot run, with every problem found, each naming field, rule and line. */
public final class InvalidScenarioException extends IllegalArgumentException {
  private final transient List<ScenarioProblem> problems;

  public InvalidScenarioException(String source, List<ScenarioProblem> problems) {
    super(
        "invalid scenario "
            + source
            + " ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n"
            + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ScenarioProblem> problems() {
    return problems;
  }
}
