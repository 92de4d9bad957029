package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton simulate}: one scenario logs everything the agents and functions log; a random
 * search logs only warnings and errors (at INFO it wrote about 140 KB a seed).
 */
class SimulateCommandTest {
  @TempDir Path dir;
  private final OfflineCli cli = new OfflineCli("simulate");
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int baton(String... args) {
    return cli.run(args);
  }

  private static List<String> infoLines(Path log) throws IOException {
    return Files.readAllLines(log).stream().filter(l -> l.contains(" INFO ")).toList();
  }

  @Test
  void aScenarioLogsEverythingARandomSearchOnlyWarningsAndErrors() throws IOException {
    Path one = dir.resolve("one");
    int code =
        baton(
            "simulate",
            Path.of("..", "scenarios", "region-outage.yaml").toString(),
            "--seed",
            "3",
            "--out",
            one.toString());
    assertThat(code).as(out + "" + err).isZero();
    assertThat(infoLines(one.resolve("simulate.log"))).isNotEmpty();

    Path search = dir.resolve("search");
    code =
        baton(
            "simulate",
            "--random",
            "--seeds",
            "2",
            "--from-seed",
            "1",
            "--threads",
            "1",
            "--out",
            search.toString());
    assertThat(code).as(out + "" + err).isZero();
    assertThat(out.toString()).contains("(warnings and errors; replay a seed for its whole log)");
    assertThat(search.resolve("simulate.log")).exists();
    assertThat(infoLines(search.resolve("simulate.log"))).isEmpty();
  }
}
