package dev.baton.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario shipped in scenarios/ parses, at full and at test scale. */
class ShippedScenariosTest {
  static final Path DIR = Path.of("..", "scenarios");

  static Stream<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void parsesAtFullAndTestScale(Path file) {
    ScenarioParser parser = new ScenarioParser();
    Scenario full = parser.parse(file, null);
    Scenario fast = parser.parse(file, 0.2);
    assertThat(full.name()).isEqualTo(file.getFileName().toString().replace(".yaml", ""));
    assertThat(full.expectations()).isNotEmpty();
    assertThat(fast.duration()).isLessThan(full.duration());
  }
}
