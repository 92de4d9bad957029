package dev.baton.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * The CLI run in-process for commands that call no function and start no drill: what they print is
 * kept for the test to read, and a call to a function fails the test.
 */
final class OfflineCli {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  private final String commands;

  /**
   * @param commands the commands under test, for the failure message (e.g. "topology commands")
   */
  OfflineCli(String commands) {
    this.commands = commands;
  }

  int run(String... args) {
    return BatonCli.run(
        new CommandContext(
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            env -> {
              throw new AssertionError(commands + " call no function");
            },
            (s, scale, d, o) -> 0),
        args);
  }
}
