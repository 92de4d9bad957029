package dev.baton.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code baton}: the operator's commands and the local drill. */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    versionProvider = BatonCommand.Version.class,
    description = {
      "Baton moves an application's traffic from a failing DigitalOcean region to a healthy one.",
      "",
      "Commands reach a deployed stack through the standard AWS configuration (credentials,"
          + " AWS_REGION) with --stack (or --table and --function), or a local stack with"
          + " --endpoint. docs/cli.md has every command with examples.",
    },
    footer = {
      "",
      "Exit codes:",
      "  0   done: the answer is printed; the move or mode change happened",
      "  1   promotion failed (or the function crashed or timed out): resume it",
      "  2   bad request: usage, invalid topology, missing stack output, rejected",
      "  3   not acting: nothing to do (stale epoch, lost race, already so)",
      "  4   Baton unreachable: network, timeout, throttled, function/table missing",
      "  5   not allowed: access denied, no or expired credentials, KMS",
      "  70  internal error (a bug): run again with --verbose and report it",
    },
    subcommands = {
      DrillCommand.class,
      SimulateCommand.class,
      StatusCommand.class,
      HistoryCommand.class,
      TopologyCommand.class,
      MoveCommands.Failback.class,
      MoveCommands.Switchover.class,
      MoveCommands.Freeze.class,
      MoveCommands.Unfreeze.class,
      MoveCommands.Resume.class,
      MoveCommands.Reconcile.class,
    })
final class BatonCommand implements Runnable {
  static final String VERBOSE = "--verbose";

  private final CommandContext context;

  @Option(
      names = {VERBOSE, "--debug"},
      scope = ScopeType.INHERIT,
      description = "On failure, print the stack trace after the one-line error.")
  boolean verbose;

  BatonCommand(CommandContext context) {
    this.context = context;
  }

  CommandContext context() {
    return context;
  }

  @Override
  public void run() {
    context.out().println(new picocli.CommandLine(this).getUsageMessage());
    context.out().flush();
  }

  /** The version from the jar manifest ("dev" when run from classes). */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = BatonCommand.class.getPackage().getImplementationVersion();
      return new String[] {"baton " + (v == null ? "dev" : v)};
    }
  }
}
