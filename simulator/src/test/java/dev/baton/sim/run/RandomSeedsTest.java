package dev.baton.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.drill.scenario.KnownFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random game days in virtual time: {@code baton.sim.seeds} seeds (default 2,000) from a start that
 * changes every run ({@code baton.sim.from} replays one), plus the regression seeds of {@code
 * regression-seeds.txt}; no seed may break an invariant that is not a known failure.
 */
class RandomSeedsTest {
  private static final int SEEDS = Integer.getInteger("baton.sim.seeds", 2000);
  private static final long FROM =
      Long.getLong("baton.sim.from", Math.floorMod(System.nanoTime(), 1_000_000_000L));
  private static final int THREADS =
      Integer.getInteger("baton.sim.threads", Runtime.getRuntime().availableProcessors());

  @Test
  void noSeedBreaksAnInvariantThatIsNotAKnownFailure() {
    RandomSearch.Report report =
        RandomSearch.search(FROM, SEEDS, THREADS, KnownFailures.INVARIANTS.keySet());
    print(report);
    List<RandomSearch.Finding> unexpected = report.unexpected(KnownFailures.INVARIANTS.keySet());
    assertThat(unexpected)
        .as(
            "seeds breaking an invariant (replay: baton simulate --random --seeds 1 --from-seed"
                + " SEED)")
        .isEmpty();
  }

  @Test
  void theRegressionSeedsKeepPassing() {
    for (String line : regressionLines()) {
      String[] parts = line.split("\\s+", 2);
      long seed = Long.parseLong(parts[0]);
      RandomSearch.Report report =
          RandomSearch.search(seed, 1, 1, KnownFailures.INVARIANTS.keySet());
      List<RandomSearch.Finding> unexpected = report.unexpected(KnownFailures.INVARIANTS.keySet());
      assertThat(unexpected).as("regression seed " + line).isEmpty();
    }
  }

  static List<String> regressionLines() {
    try {
      return Files.readAllLines(Path.of("src", "test", "resources", "regression-seeds.txt"))
          .stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void print(RandomSearch.Report report) {
    System.out.printf(
        Locale.ROOT,
        "random seeds %d..%d: %d seeds in %.1f s (%.0f seeds/s, %d steps), broken: %s%n",
        report.from(),
        report.from() + report.seeds() - 1,
        report.seeds(),
        report.wallNanos() / 1e9,
        report.seedsPerSecond(),
        report.steps(),
        report.byInvariant());
    KnownFailures.INVARIANTS.forEach(
        (name, why) ->
            System.out.println(
                "NOTICE: known failure "
                    + name
                    + " ("
                    + report.byInvariant().getOrDefault(name, 0)
                    + " seeds): "
                    + why));
    report.findings().stream()
        .filter(f -> !f.known(KnownFailures.INVARIANTS.keySet()))
        .limit(20)
        .forEach(f -> System.out.println("  " + f));
  }
}
