package dev.baton.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.drill.scenario.KnownFailures;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import dev.baton.drill.timeline.ExpectationResult;
import dev.baton.drill.timeline.ResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped scenario in virtual time: its expectations hold, and a seed replays exactly. */
class SimulatedScenariosTest {
  static Stream<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "scenarios"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shipped")
  void everyExpectationHoldsInVirtualTime(Path file) {
    Scenario scenario = new ScenarioParser().parse(file, null);
    String known = KnownFailures.SCENARIOS.get(file.getFileName().toString());
    long seed = 1;
    long started = System.nanoTime();
    ScenarioSimulation.Run run = ScenarioSimulation.run(scenario, seed);
    long millis = (System.nanoTime() - started) / 1_000_000;
    String failed =
        run.result().expectations().stream()
            .filter(e -> !e.passed())
            .map(ExpectationResult::toString)
            .collect(Collectors.joining("\n  "));
    System.out.printf(
        "%s seed %d: %d steps in %d ms, %s, violations %s%n",
        scenario.name(),
        seed,
        run.steps(),
        millis,
        run.passed() ? "passed" : "FAILED:\n  " + failed,
        run.violations());
    assertThat(run.result().errors()).as("errors").isEmpty();
    if (known != null) {
      System.out.println("NOTICE: known failure " + file.getFileName() + ": " + known);
      assertThat(failed)
          .as("a known failure that now passes: remove it from KnownFailures")
          .isNotEmpty();
      return;
    }
    assertThat(failed).as("failed expectations").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shipped")
  void theSameSeedGivesTheSameResultJson(Path file) {
    Scenario scenario = new ScenarioParser().parse(file, null);
    String first = ResultJson.toTree(ScenarioSimulation.run(scenario, 7).result()).toPrettyString();
    String second =
        ResultJson.toTree(ScenarioSimulation.run(scenario, 7).result()).toPrettyString();
    assertThat(second).isEqualTo(first);
  }
}
