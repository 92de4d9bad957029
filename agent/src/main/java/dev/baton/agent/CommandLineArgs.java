package dev.baton.agent;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's command line: {@code baton-agent <command> [--config FILE]}. Parsed by hand rather
 * than with picocli: picocli's ~170 classes would stay loaded for the agent's whole life and cost
 * every droplet over 2 MB of resident memory for four commands and one option (docs/benchmarks.md,
 * "Agent").
 *
 * @param command run, drain, undrain, check-config, version or help
 * @param config the {@code --config} file, or null for the default
 */
record CommandLineArgs(String command, Path config) {
  static final String USAGE =
      """
      Usage: baton-agent <command> [-c|--config FILE]

      Baton's droplet agent: heartbeats, role hooks, self-fencing.

      Commands:
        run           Run the agent (what the systemd unit starts).
        drain         Drain this instance for planned maintenance: the running agent writes
                      DRAINING now and keeps doing so (across restarts) until 'undrain'.
        undrain       Return this instance to service after 'drain'.
        check-config  Validate the configuration and print it.
        version       Print the version.
        help          Print this help.

      Options:
        -c, --config FILE  Config file (default: $BATON_AGENT_CONFIG or
                           /etc/baton-agent/agent.yaml).
      """;

  private static final java.util.Set<String> COMMANDS =
      java.util.Set.of("run", "drain", "undrain", "check-config", "version", "help");

  /** The parsed arguments, or empty with {@code error} naming what is wrong. */
  static Optional<CommandLineArgs> parse(String[] args, StringBuilder error) {
    String command = null;
    Path config = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-c") || arg.equals("--config")) {
        if (i + 1 >= args.length) {
          error.append(arg).append(" needs a file name");
          return Optional.empty();
        }
        config = Path.of(args[++i]);
      } else if (arg.startsWith("--config=")) {
        config = Path.of(arg.substring("--config=".length()));
      } else if (arg.equals("-h") || arg.equals("--help")) {
        command = "help";
      } else if (arg.equals("-V") || arg.equals("--version")) {
        command = "version";
      } else if (command == null && COMMANDS.contains(arg)) {
        command = arg;
      } else {
        error
            .append("unknown ")
            .append(arg.startsWith("-") ? "option" : "command")
            .append(" '")
            .append(arg)
            .append("'");
        return Optional.empty();
      }
    }
    if (command == null) {
      error.append("a command is required");
      return Optional.empty();
    }
    return Optional.of(new CommandLineArgs(command, config));
  }
}
