package dev.baton.cli;

import dev.baton.config.DurationText;
import dev.baton.drill.report.ReportPage;
import dev.baton.drill.run.DrillRunner;
import dev.baton.drill.run.JulLogging;
import dev.baton.drill.run.StackFactory;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import dev.baton.drill.timeline.DrillResult;
import dev.baton.drill.timeline.DrillTimeline;
import dev.baton.drill.timeline.ExpectationResult;
import dev.baton.drill.timeline.Measurements;
import dev.baton.drill.timeline.ResultJson;
import dev.baton.drill.timeline.RoleMeasurements;
import dev.baton.drill.timeline.TimelinePrinter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * {@code baton drill}: reads the scenario, runs it with the live timeline on the console, writes
 * {@code result.json} and {@code report.html}, prints the verdicts and the two measured times.
 */
public final class DrillSession implements DrillLauncher {
  private final StackFactory stacks;

  public DrillSession(StackFactory stacks) {
    this.stacks = stacks;
  }

  @Override
  public int run(Path scenarioFile, Double scale, Path outDir, PrintWriter out) {
    Scenario scenario;
    try {
      scenario = new ScenarioParser().parse(scenarioFile, scale);
    } catch (IllegalArgumentException e) {
      out.println("baton drill: " + e.getMessage());
      out.flush();
      return 2;
    }
    out.printf(
        Locale.ROOT,
        "baton drill %s (scale %s, %s): %s%n",
        scenario.name(),
        scenario.scale(),
        DurationText.format(scenario.duration()),
        scenario.description());
    out.println(
        "starting the local stack: moto, provider fakes, "
            + droplets(scenario)
            + " simulated droplets, the three functions");
    out.flush();
    Path log = JulLogging.toFile(outDir.resolve("drill.log"));
    out.println("log: " + log.toAbsolutePath().normalize());
    DrillTimeline timeline = new DrillTimeline(System::nanoTime);
    timeline.subscribe(new TimelinePrinter(out));
    DrillResult result;
    // The functions print their EMF metric lines to stdout, as on Lambda (CloudWatch Logs); in a
    // drill they belong in a file, not between the timeline's lines.
    PrintStream stdout = System.out;
    try (PrintStream functionsOut = functionOutput(outDir.resolve("functions-stdout.log"))) {
      System.setOut(functionsOut);
      result = new DrillRunner(stacks, Clock.systemUTC()).run(scenario, outDir, timeline);
    } catch (IllegalStateException e) {
      out.println("baton drill: the drill could not run: " + e.getMessage());
      out.flush();
      return 2;
    } finally {
      System.setOut(stdout);
    }
    Path json = outDir.resolve("result.json");
    Path html = outDir.resolve("report.html");
    ResultJson.write(result, json);
    ReportPage.write(result, html);
    summary(result, out, html, json);
    return result.passed() ? 0 : 1;
  }

  private static PrintStream functionOutput(Path file) {
    try {
      java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
      return new PrintStream(
          java.nio.file.Files.newOutputStream(file), true, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }

  static void summary(DrillResult result, PrintWriter out, Path html, Path json) {
    long passed = result.expectations().stream().filter(ExpectationResult::passed).count();
    out.println();
    out.printf(
        Locale.ROOT,
        "drill %s: %s (%d of %d expectations held)%n",
        result.scenario().name(),
        result.passed() ? "PASSED" : "FAILED",
        passed,
        result.expectations().size());
    for (ExpectationResult e : result.expectations()) {
      out.printf(
          Locale.ROOT,
          "  %s %-45s %s%n",
          e.passed() ? "ok  " : "FAIL",
          e.text(),
          e.passed() && e.metAt() != null
              ? "met at " + TimelinePrinter.elapsed(e.metAt())
              : e.detail());
    }
    for (String error : result.errors()) {
      out.println("  error: " + error);
    }
    Measurements m = result.measurements();
    if (m.faultAt() == null) {
      out.println("detection: - (no automatic failover in this drill)");
    } else {
      out.printf(
          Locale.ROOT,
          "detection: %s  (%s at %s -> failover requested at %s)%n",
          m.detection()
              .map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0))
              .orElse("-"),
          m.fault(),
          TimelinePrinter.elapsed(m.faultAt()),
          TimelinePrinter.elapsed(m.requestedAt()));
      out.printf(
          Locale.ROOT,
          "failover:  %s  (last router acknowledged at %s)%n",
          m.failover()
              .map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0))
              .orElse("-"),
          m.routedAt() == null ? "-" : TimelinePrinter.elapsed(m.routedAt()));
    }
    RoleMeasurements roles = result.roles();
    out.printf(
        Locale.ROOT,
        "dual active: %s (longest %s)  none active: %s  traffic off the baton: %s%n",
        seconds(roles.dualActive()),
        seconds(roles.maxDualActive()),
        seconds(roles.noActive()),
        seconds(roles.trafficMismatch()));
    out.println("report: " + html.toAbsolutePath().normalize());
    out.println("result: " + json.toAbsolutePath().normalize());
    out.flush();
  }

  private static String seconds(java.time.Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private static int droplets(Scenario s) {
    return s.regions().stream().mapToInt(r -> r.instances()).sum();
  }
}
