package dev.baton.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that must not be used, with every problem found, each naming field and rule. */
public final class InvalidConfigException extends IllegalArgumentException {
  private final transient List<ConfigProblem> problems;

  public InvalidConfigException(String what, List<ConfigProblem> problems) {
    super(
        "invalid "
            + what
            + " ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n"
            + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  /** Throws when {@code problems} is not empty. */
  public static void throwIfAny(String what, List<ConfigProblem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(what, problems);
    }
  }
}
