package dev.baton.drill.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.drill.report.ReportPage;
import dev.baton.drill.scenario.KnownFailures;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import dev.baton.drill.timeline.DrillResult;
import dev.baton.drill.timeline.DrillTimeline;
import dev.baton.drill.timeline.ExpectationResult;
import dev.baton.drill.timeline.ResultJson;
import dev.baton.drill.timeline.TimelinePrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs shipped scenarios end to end in real time on the local stack (moto from the project's venv,
 * the provider fakes, simulated droplets with the real agent, the three handlers in-process), with
 * the timings scaled by the system property {@code baton.drill.scale} (default 0.5), and requires
 * every expectation to hold. Each drill's report and result land in target/drill-it/SCENARIO/.
 *
 * <p>Every shipped scenario also runs in virtual time (the simulator's {@code
 * SimulatedScenariosTest}, in milliseconds), so {@code make test} plays only {@link #REAL_TIME} in
 * real time: the default drill. {@code -Dbaton.drill.all=true} plays them all (about 12 minutes),
 * {@code -Dbaton.drill.only=PREFIX} the ones whose file starts so.
 */
class ShippedScenariosIT {
  /**
   * What make test plays in real time: the default drill (the replicated world's faults run on the
   * real stack in {@code ReplicatedStackIT}, and every scenario in virtual time).
   */
  static final java.util.Set<String> REAL_TIME = java.util.Set.of("region-outage.yaml");

  /**
   * Scenarios whose bounds include times a scale cannot shrink: provider request timeouts and
   * retry-after (2.5 s, decision 0019), the SDK's 10 s call timeout on a throttled read.
   */
  static final java.util.Map<String, String> FULL_SCALE_ONLY =
      java.util.Map.of(
          "provider-storm.yaml",
          "its 25 s bound includes the providers' 2.5 s timeouts and retry-after, which do not scale",
          "baton-read-failure.yaml",
          "a throttled read takes the SDK's 10 s call timeout, which does not scale");

  static final double SCALE = Double.parseDouble(System.getProperty("baton.drill.scale", "0.5"));

  static Stream<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "scenarios"))) {
      String only = System.getProperty("baton.drill.only", "");
      boolean all = Boolean.getBoolean("baton.drill.all") || !only.isBlank();
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> all || REAL_TIME.contains(p.getFileName().toString()))
          .filter(p -> only.isBlank() || p.getFileName().toString().startsWith(only))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shipped")
  void everyExpectationHolds(Path file) {
    String known = KnownFailures.SCENARIOS.get(file.getFileName().toString());
    if (known != null) {
      System.out.println("NOTICE: skipping known failure " + file.getFileName() + ": " + known);
    }
    Assumptions.assumeTrue(known == null, () -> "known failure, " + known);
    String unscaled = FULL_SCALE_ONLY.get(file.getFileName().toString());
    if (unscaled != null && SCALE < 1) {
      System.out.println(
          "NOTICE: skipping "
              + file.getFileName()
              + " at scale "
              + SCALE
              + ": "
              + unscaled
              + "; run it with -Dbaton.drill.scale=1");
    }
    Assumptions.assumeTrue(unscaled == null || SCALE >= 1, () -> "full scale only: " + unscaled);
    Scenario scenario = new ScenarioParser().parse(file, SCALE);
    Path out = Path.of("target", "drill-it", scenario.name());
    JulLogging.toFile(out.resolve("drill.log"));
    DrillTimeline timeline = new DrillTimeline(System::nanoTime);
    PrintWriter console = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    timeline.subscribe(e -> console.println(scenario.name() + " " + TimelinePrinter.line(e)));
    DrillResult result =
        new DrillRunner(
                (s, dir) -> LocalDrillStack.start(s, dir, InProcessFunctions::new),
                Clock.systemUTC())
            .run(scenario, out, timeline);
    ResultJson.write(result, out.resolve("result.json"));
    ReportPage.write(result, out.resolve("report.html"));
    String failed =
        result.expectations().stream()
            .filter(e -> !e.passed())
            .map(ExpectationResult::toString)
            .collect(Collectors.joining("\n  "));
    assertThat(result.errors()).as("drill errors").isEmpty();
    assertThat(failed)
        .as("failed expectations (report: " + out.resolve("report.html") + ")")
        .isEmpty();
  }
}
