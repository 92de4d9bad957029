package dev.baton.sim.run;

import dev.baton.drill.invariants.Violation;
import dev.baton.drill.random.RandomCase;
import dev.baton.drill.random.RandomCases;
import dev.baton.drill.random.Shrinker;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Runs generated game days ({@link RandomCases}) in the simulator, one seed each, and collects the
 * seeds that break an invariant. Seeds run in parallel on {@code threads} threads; each run is
 * single-threaded and deterministic, so the findings do not depend on the threads.
 */
public final class RandomSearch {

  /**
   * A seed that broke an invariant.
   *
   * @param seed the seed
   * @param generated the case it generated
   * @param violations the invariants it broke, the first first
   */
  public record Finding(long seed, RandomCase generated, List<Violation> violations) {
    /** The first broken invariant's name. */
    public String invariant() {
      return violations.get(0).invariant();
    }

    /** Whether every broken invariant is a known failure. */
    public boolean known(Set<String> knownInvariants) {
      return violations.stream().allMatch(v -> knownInvariants.contains(v.invariant()));
    }

    @Override
    public String toString() {
      return "seed " + seed + ": " + violations.get(0);
    }
  }

  /**
   * What a search found.
   *
   * @param from the first seed
   * @param seeds how many seeds ran
   * @param findings the seeds that broke an invariant, by seed
   * @param byInvariant how many seeds broke each invariant (a seed counts once per invariant)
   * @param steps the simulation steps of all runs
   * @param wallNanos how long the search took
   */
  public record Report(
      long from,
      int seeds,
      List<Finding> findings,
      Map<String, Integer> byInvariant,
      long steps,
      long wallNanos) {
    public double seedsPerSecond() {
      return seeds / (wallNanos / 1e9);
    }

    /** The findings that break an invariant not in {@code knownInvariants}. */
    public List<Finding> unexpected(Set<String> knownInvariants) {
      return findings.stream().filter(f -> !f.known(knownInvariants)).toList();
    }
  }

  private RandomSearch() {}

  /** Runs a case with its own seed, stopping at the first invariant not {@code tolerated}. */
  public static ScenarioSimulation.Run run(RandomCase c, Set<String> tolerated) {
    return ScenarioSimulation.search(scenario(c), c.seed(), tolerated);
  }

  /** The scenario a case writes. */
  public static Scenario scenario(RandomCase c) {
    return new ScenarioParser().parse(c.yaml(), "seed-" + c.seed() + ".yaml", null);
  }

  /**
   * Runs seeds {@code from} to {@code from + seeds - 1}; a run stops at its first broken invariant
   * that is not {@code tolerated} (the known failures, which must not hide the others).
   */
  public static Report search(long from, int seeds, int threads, Set<String> tolerated) {
    long started = System.nanoTime();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            r -> {
              Thread t = new Thread(r, "random-search");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Object[]>> futures = new ArrayList<>();
      for (long seed = from; seed < from + seeds; seed++) {
        long s = seed;
        futures.add(
            pool.submit(
                () -> {
                  RandomCase c = RandomCases.generate(s);
                  ScenarioSimulation.Run run = run(c, tolerated);
                  return new Object[] {c, run.violations(), run.steps()};
                }));
      }
      List<Finding> findings = new ArrayList<>();
      Map<String, Integer> byInvariant = new TreeMap<>();
      long steps = 0;
      for (Future<Object[]> f : futures) {
        Object[] r = f.get();
        RandomCase c = (RandomCase) r[0];
        @SuppressWarnings("unchecked")
        List<Violation> violations = (List<Violation>) r[1];
        steps += (Long) r[2];
        if (!violations.isEmpty()) {
          findings.add(new Finding(c.seed(), c, violations));
          violations.stream()
              .map(Violation::invariant)
              .distinct()
              .forEach(v -> byInvariant.merge(v, 1, Integer::sum));
        }
      }
      return new Report(from, seeds, findings, byInvariant, steps, System.nanoTime() - started);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the search was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a seed's run failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The smallest case that still breaks what {@code stillFails} looks for.
   *
   * @return the shrunk case (the finding's own when nothing smaller fails)
   */
  public static RandomCase shrink(
      Finding finding, Set<String> tolerated, Predicate<List<Violation>> stillFails) {
    Shrinker shrinker =
        new Shrinker(
            c -> {
              try {
                return stillFails.test(run(c, tolerated).violations());
              } catch (IllegalArgumentException e) {
                // A smaller case that is no valid scenario (e.g. a region a step names is gone).
                return false;
              }
            });
    return shrinker.shrink(finding.generated());
  }
}
