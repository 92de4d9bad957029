package dev.baton.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every transcript in {@code src/test/resources/scenarios/}: each command runs on a {@link
 * ScenarioRunner} and what it prints must equal the lines under its {@code ----}. The language and
 * how to rewrite expected output after a deliberate change ({@code -Dbaton.rewriteScenarios=true},
 * then review the diff) are described in {@code docs/testing.md}.
 */
class ScenarioTest {
  private static final Path DIR = Path.of("src/test/resources/scenarios");
  private static final String SEPARATOR = "----";

  static Stream<Path> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
      assertThat(list).as("scenario files in " + DIR.toAbsolutePath()).isNotEmpty();
      return list.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenarioPlaysAsTranscribed(Path file) throws IOException {
    String expected = Files.readString(file);
    String actual = replay(expected, file);
    if (Boolean.getBoolean("baton.rewriteScenarios") && !actual.equals(expected)) {
      Files.writeString(file, actual);
      return;
    }
    assertThat(actual)
        .as("%s (rerun with -Dbaton.rewriteScenarios=true to rewrite, then review the diff)", file)
        .isEqualTo(expected);
  }

  /** The transcript with every command's output as it is now. */
  static String replay(String transcript, Path file) {
    ScenarioRunner runner = new ScenarioRunner();
    List<String> lines = transcript.lines().toList();
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i++);
      out.add(line);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.equals(SEPARATOR)) {
        throw new IllegalArgumentException(file + ":" + i + ": " + SEPARATOR + " without command");
      }
      List<String> printed;
      try {
        printed = runner.run(line);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ":" + i + ": " + line + ": " + e, e);
      }
      boolean hadBlock = i < lines.size() && lines.get(i).equals(SEPARATOR);
      if (hadBlock) {
        i++;
        while (i < lines.size() && !lines.get(i).isBlank()) {
          i++;
        }
      }
      if (hadBlock || !printed.isEmpty()) {
        out.add(SEPARATOR);
        out.addAll(printed);
      }
    }
    return String.join("\n", out) + "\n";
  }
}
