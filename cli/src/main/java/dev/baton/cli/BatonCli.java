package dev.baton.cli;

import dev.baton.drill.run.JulLogging;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code baton} executable (see {@link BatonCommand}). */
public final class BatonCli {
  private BatonCli() {}

  public static void main(String[] args) {
    JulLogging.warningsOnly();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(CliWiring.defaults(System.getenv(), out, err), args));
  }

  /** Runs the command line {@code args} with {@code context}; returns the exit code. */
  public static int run(CommandContext context, String... args) {
    CommandLine cli = commandLine(context);
    return cli.execute(args);
  }

  /**
   * The command line: a command that throws prints one line ({@code baton: ...}; the stack trace
   * too with {@code --verbose}) and exits with the code {@link CommandFailure#of} gives it.
   */
  static CommandLine commandLine(CommandContext context) {
    CommandLine cli = new CommandLine(new BatonCommand(context));
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // picocli asks the mapper for usage errors too: they keep picocli's own code (2).
    cli.setExitCodeExceptionMapper(
        e ->
            e instanceof CommandLine.ParameterException
                ? cli.getCommandSpec().exitCodeOnInvalidInput()
                : CommandFailure.of(e).exitCode());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("baton: " + CommandFailure.of(e).getMessage());
          if (verbose(parseResult)) {
            e.printStackTrace(err);
          }
          err.flush();
          return commandLine.getExitCodeExceptionMapper().getExitCode(e);
        });
    return cli;
  }

  /** Whether {@code --verbose} was given, before or after the subcommand's name. */
  private static boolean verbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(BatonCommand.VERBOSE)) {
        return true;
      }
    }
    return false;
  }
}
