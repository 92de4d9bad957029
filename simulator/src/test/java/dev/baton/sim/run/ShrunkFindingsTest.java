package dev.baton.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios the random search found and shrank (src/test/resources/shrunk/seed-SEED-*.yaml,
 * also listed in regression-seeds.txt), replayed with their seed. Each showed a split brain on the
 * protocol before issue 13; with the handover protocol none breaks any invariant, and no two
 * regions are ever active at once.
 */
class ShrunkFindingsTest {
  static Stream<Path> shrunk() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "shrunk"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shrunk")
  void theSplitBrainItWasFoundForIsGone(Path file) {
    String name = file.getFileName().toString();
    long seed = Long.parseLong(name.substring("seed-".length(), name.indexOf('-', 5)));
    Scenario scenario = new ScenarioParser().parse(file, null);
    ScenarioSimulation.Run run = ScenarioSimulation.run(scenario, seed);
    System.out.println(name + ": " + run.violations());
    assertThat(run.violations()).isEmpty();
    assertThat(run.result().roles().maxDualActive()).isEqualTo(java.time.Duration.ZERO);
  }
}
