package dev.baton.cli;

import dev.baton.cli.status.StatusView;
import dev.baton.config.TopologyLoader;
import dev.baton.store.TableReader;
import dev.baton.store.TableSnapshot;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code baton status}: regions, health, instances, the baton, its mode and recent promotions; with
 * a topology ({@code --topology}, BATON_TOPOLOGY_FILE, {@code --local}), the regions whose beats
 * Baton ignores because the topology does not name them.
 */
@Command(
    name = "status",
    description = "Show regions, health, instances, the baton, its mode and the last promotions.",
    mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
  @ParentCommand BatonCommand parent;
  @Mixin StackOptions stack;

  @Option(
      names = "--output",
      paramLabel = "table|json",
      defaultValue = "table",
      description = "How to print: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(
      names = "--promotions",
      paramLabel = "N",
      defaultValue = "5",
      description = "How many recent promotions to show (default ${DEFAULT-VALUE}).")
  int promotions;

  @Override
  public Integer call() throws Exception {
    CommandContext ctx = parent.context();
    try (BatonConnection connection = ctx.connect(stack)) {
      TableReader reader = connection.tableReader();
      TableSnapshot snapshot =
          AwsFailures.attempt(
              "read the table " + connection.table(), () -> reader.read(promotions));
      Optional<Set<String>> topologyRegions =
          connection
              .topologyFile()
              .map(file -> Set.copyOf(TopologyLoader.load(file).regionNamesByPriority()));
      output.print(
          ctx.out(),
          () -> StatusView.json(snapshot, topologyRegions),
          () -> StatusView.table(snapshot, topologyRegions));
      return Outcomes.DONE;
    }
  }
}
