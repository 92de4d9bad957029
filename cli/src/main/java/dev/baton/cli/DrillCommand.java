package dev.baton.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code baton drill [SCENARIO]}: a game day on the local stack (docs/drills.md). */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = {
      "Run a failover drill on this machine: moto, the DigitalOcean and Cloudflare fakes,"
          + " simulated droplets with the real agent, and the three functions in-process.",
      "Prints a live timeline, writes report.html and result.json, exits 1 when an expectation"
          + " fails (2 when the scenario is invalid or the stack cannot start).",
    })
final class DrillCommand implements Callable<Integer> {
  @ParentCommand BatonCommand parent;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SCENARIO",
      defaultValue = "scenarios/region-outage.yaml",
      description = "The scenario file (default: ${DEFAULT-VALUE}).")
  Path scenario;

  @Option(
      names = "--scale",
      paramLabel = "FACTOR",
      description = "Multiply every duration of the scenario (0.2 runs five times faster).")
  Double scale;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/drill",
      description = "Where report.html and result.json go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    return parent.context().drills().run(scenario, scale, out, parent.context().out());
  }
}
