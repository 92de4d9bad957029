package dev.baton.cli;

import dev.baton.drill.invariants.Violation;
import dev.baton.drill.random.RandomCase;
import dev.baton.drill.report.ReportPage;
import dev.baton.drill.run.JulLogging;
import dev.baton.drill.scenario.KnownFailures;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import dev.baton.drill.timeline.ResultJson;
import dev.baton.sim.run.RandomSearch;
import dev.baton.sim.run.ScenarioSimulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code baton simulate}: a scenario, or thousands of generated ones, in virtual time
 * (docs/simulation.md).
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run a scenario in virtual time: Baton's production code on one thread, seeded, in"
          + " milliseconds. The same seed gives the same result.json, byte for byte.",
      "With --random, generate fleets and fault schedules from seeds and check Baton's"
          + " invariants in each; a seed that breaks one is written as a scenario file and"
          + " shrunk to the smallest one that still breaks it.",
      "Exit status: 0 all held, 1 an expectation or invariant broke, 2 bad input.",
    })
final class SimulateCommand implements Callable<Integer> {
  @ParentCommand BatonCommand parent;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SCENARIO",
      description = "The scenario file (the drill's format). Not with --random.")
  Path scenario;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "The seed.")
  long seed;

  @Option(names = "--random", description = "Generate scenarios from seeds instead.")
  boolean random;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      defaultValue = "1000",
      description = "With --random: how many seeds (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--from-seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "With --random: the first seed (default: ${DEFAULT-VALUE}).")
  long fromSeed;

  @Option(
      names = "--find",
      paramLabel = "INVARIANT",
      description =
          "With --random: look for this invariant even when it is a known failure"
              + " (e.g. split-brain); known failures are otherwise counted, not failed.")
  String find;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "With --random: threads (default: the processors).")
  Integer threads;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/drill",
      description =
          "Where result.json, report.html and failing scenarios go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    PrintWriter out = parent.context().out();
    // The agents and functions log as they would on droplets and Lambda; a file keeps them out of
    // the command's own output. A search logs only warnings and errors: at INFO it wrote about
    // 140 KB a seed (1.4 GB in 13 minutes); replaying a seed logs everything.
    Path log =
        JulLogging.toFile(
            out().resolve("simulate.log"),
            random ? java.util.logging.Level.WARNING : java.util.logging.Level.INFO);
    out.println(
        "log: "
            + log.toAbsolutePath().normalize()
            + (random ? " (warnings and errors; replay a seed for its whole log)" : ""));
    try {
      if (random == (scenario != null)) {
        out.println("baton simulate: give a SCENARIO file, or --random (not both)");
        return 2;
      }
      return random ? random(out) : scenario(out);
    } finally {
      out.flush();
    }
  }

  private int scenario(PrintWriter out) {
    Scenario s;
    try {
      s = new ScenarioParser().parse(scenario, null);
    } catch (IllegalArgumentException e) {
      out.println("baton simulate: " + e.getMessage());
      return 2;
    }
    long started = System.nanoTime();
    ScenarioSimulation.Run run = ScenarioSimulation.run(s, seed);
    long millis = (System.nanoTime() - started) / 1_000_000;
    Path json = out().resolve("result.json");
    Path html = out().resolve("report.html");
    ResultJson.write(run.result(), json);
    ReportPage.write(run.result(), html);
    out.printf(
        Locale.ROOT,
        "baton simulate %s (seed %d): %d steps of virtual time in %d ms of wall time%n",
        s.name(),
        seed,
        run.steps(),
        millis);
    DrillSession.summary(run.result(), out, html, json);
    for (Violation v : run.violations()) {
      String known = KnownFailures.INVARIANTS.get(v.invariant());
      out.println("  invariant " + v + (known == null ? "" : " (known failure, " + known + ")"));
    }
    return run.passed() ? 0 : 1;
  }

  private int random(PrintWriter out) {
    if (seeds < 1) {
      out.println("baton simulate: --seeds must be >= 1, was " + seeds);
      return 2;
    }
    Set<String> tolerated = new HashSet<>(KnownFailures.INVARIANTS.keySet());
    if (find != null) {
      tolerated.remove(find);
    }
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    RandomSearch.Report report = RandomSearch.search(fromSeed, seeds, n, tolerated);
    out.printf(
        Locale.ROOT,
        "baton simulate --random: seeds %d..%d, %d seeds in %.1f s (%.1f seeds/s, %d steps)%n",
        report.from(),
        report.from() + report.seeds() - 1,
        report.seeds(),
        report.wallNanos() / 1e9,
        report.seedsPerSecond(),
        report.steps());
    out.println("broken invariants (seeds): " + report.byInvariant());
    KnownFailures.INVARIANTS.forEach(
        (name, why) -> {
          if (tolerated.contains(name) && report.byInvariant().containsKey(name)) {
            out.println("  known failure " + name + ": " + why);
          }
        });
    List<RandomSearch.Finding> failing = report.unexpected(tolerated);
    if (failing.isEmpty()) {
      out.println("no seed broke an invariant that is not a known failure");
      return 0;
    }
    RandomSearch.Finding first = failing.get(0);
    Violation broken =
        first.violations().stream()
            .filter(v -> !tolerated.contains(v.invariant()))
            .findFirst()
            .orElseThrow();
    out.println(failing.size() + " seed(s) broke an invariant:");
    failing.stream().limit(50).forEach(f -> out.println("  " + f));
    out.println("the first, seed " + first.seed() + ": " + broken);
    Path written = write(first.generated(), "seed-" + first.seed() + ".yaml");
    out.println("  its scenario: " + written);
    RandomCase small =
        RandomSearch.shrink(
            first,
            tolerated,
            vs -> vs.stream().anyMatch(v -> v.invariant().equals(broken.invariant())));
    Path shrunk = write(small, "seed-" + first.seed() + "-shrunk.yaml");
    out.println(
        "  shrunk to "
            + small.steps().size()
            + " step(s), "
            + small.regions().size()
            + " region(s): "
            + shrunk);
    out.println(
        "  replay: baton simulate "
            + shrunk
            + " --seed "
            + first.seed()
            + "   or in real time: baton drill "
            + shrunk);
    return 1;
  }

  private Path write(RandomCase c, String name) {
    Path file = out().resolve(name);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, c.yaml());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private Path out() {
    return out;
  }
}
