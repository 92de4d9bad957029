package dev.baton.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every manual command shares. */
public final class ManualOptions {
  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description =
          "Why, in your words; recorded with the request, the audit and the notification.")
  String reason;

  @Option(
      names = "--dry-run",
      description =
          "Show what would happen (every request the routers would send); change nothing.")
  boolean dryRun;

  @Option(
      names = "--requested-by",
      paramLabel = "NAME",
      description = "Who asks (default: env BATON_OPERATOR, else the user name).")
  String requestedBy;

  @Option(
      names = "--output",
      paramLabel = "table|json",
      defaultValue = "table",
      description = "How to print the answer: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(
      names = "--qualifier",
      paramLabel = "ALIAS",
      description =
          "The alias or version of the promotion function to invoke. Default: the one in the"
              + " function's name or ARN (the stack output has one), else 'live'.")
  String qualifier;

  @Option(
      names = "--function-timeout",
      paramLabel = "DURATION",
      defaultValue = "300s",
      converter = FunctionTimeoutConverter.class,
      description =
          "The promotion function's timeout (template.yaml: 300s): the invoke waits that long plus"
              + " 15s, and is never retried. Default: ${DEFAULT-VALUE}.")
  Duration functionTimeout;

  String requester(java.util.Map<String, String> env) {
    if (requestedBy != null && !requestedBy.isBlank()) {
      return requestedBy;
    }
    String operator = env.get("BATON_OPERATOR");
    if (operator != null && !operator.isBlank()) {
      return operator;
    }
    return env.getOrDefault("USER", System.getProperty("user.name", "operator"));
  }
}
