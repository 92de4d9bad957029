package dev.baton.cli;

import picocli.CommandLine.Command;

/** {@code baton}: the operator's commands and the local drill. */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    versionProvider = BatonCommand.Version.class,
    description = {
      "Baton moves an application's traffic from a failing DigitalOcean region to a healthy one.",
      "",
      "Commands reach a deployed stack through the standard AWS configuration (credentials,"
          + " AWS_REGION) with --table and --function, or a local stack with --endpoint.",
    },
    footer = {
      "",
      "Exit codes of the manual commands: 0 done, 1 promotion failed (resume it), 2 rejected"
          + " (bad input), 3 not acting (nothing to do, stale epoch), 4 Baton unreachable.",
    },
    subcommands = {
      DrillCommand.class,
      StatusCommand.class,
      MoveCommands.Failback.class,
      MoveCommands.Switchover.class,
      MoveCommands.Freeze.class,
      MoveCommands.Unfreeze.class,
      MoveCommands.Resume.class,
    })
final class BatonCommand implements Runnable {
  private final CommandContext context;

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
