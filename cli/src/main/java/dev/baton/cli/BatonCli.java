package dev.baton.cli;

import dev.baton.domain.InvalidConfigException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;

/** The {@code baton} executable (see {@link BatonCommand}). */
public final class BatonCli {
  private BatonCli() {}

  public static void main(String[] args) {
    CliLogging.warningsOnly();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(CliWiring.defaults(System.getenv(), out, err), args));
  }

  /** Runs the command line {@code args} with {@code context}; returns the exit code. */
  public static int run(CommandContext context, String... args) {
    CommandLine cli = commandLine(context);
    return cli.execute(args);
  }

  static CommandLine commandLine(CommandContext context) {
    CommandLine cli = new CommandLine(new BatonCommand(context));
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof InvalidConfigException || e instanceof IllegalArgumentException) {
            err.println("baton: " + e.getMessage());
            err.flush();
            return Outcomes.REJECTED;
          }
          if (e instanceof SdkException) {
            err.println("baton: AWS call failed: " + e.getMessage());
            err.flush();
            return Outcomes.UNREACHABLE;
          }
          err.println("baton: " + e);
          e.printStackTrace(err);
          err.flush();
          return Outcomes.FAILED;
        });
    return cli;
  }
}
