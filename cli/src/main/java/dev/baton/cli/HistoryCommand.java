package dev.baton.cli;

import dev.baton.cli.history.History;
import dev.baton.cli.history.HistoryReader;
import dev.baton.cli.history.HistoryView;
import dev.baton.store.DynamoAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code baton history}: why the baton moved (or did not) in the last days. */
@Command(
    name = "history",
    description = {
      "Why the baton moved: every promotion (failover, failback, switchover) with its reason,"
          + " status and failed step, every freeze and unfreeze, and every request Baton refused"
          + " to act on, newest first, from the promotion journal and the audit log."
    },
    mixinStandardHelpOptions = true)
final class HistoryCommand implements Callable<Integer> {
  /** Audit items live this long (their TTL): older days have nothing to show. */
  static final int MAX_DAYS = (int) DynamoAuditLog.DEFAULT_RETENTION.toDays();

  @ParentCommand BatonCommand parent;
  @Mixin StackOptions stack;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "7",
      description =
          "How many days back, 1 to 90 (audit items live 90 days; default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "At most N entries, the newest (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--output",
      paramLabel = "table|json",
      defaultValue = "table",
      description = "How to print: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(names = "--json", description = "Same as --output json.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException(
          "--days: must be between 1 and "
              + MAX_DAYS
              + " (audit items live "
              + MAX_DAYS
              + " days), was "
              + days);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("--limit: must be at least 1, was " + limit);
    }
    CommandContext ctx = parent.context();
    try (BatonConnection connection = ctx.connect(stack)) {
      HistoryReader reader = connection.historyReader();
      Instant now = Instant.now();
      History history =
          AwsFailures.attempt(
              "read the history from the table " + connection.table(),
              () -> reader.read(now.minus(Duration.ofDays(days)), now, limit));
      (json ? OutputFormat.json : output)
          .print(ctx.out(), () -> HistoryView.json(history), () -> HistoryView.table(history));
      return Outcomes.DONE;
    }
  }
}
