package dev.baton.drill.random;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Makes a failing {@link RandomCase} smaller while it still fails: drops timeline steps (halves,
 * then one at a time), moves the schedule to the start and ends the run a minute after its last
 * step, drops regions no step needs (keeping two), and lowers each region's instances, until no
 * single change keeps it failing. What is left is a scenario a person can read and replay with
 * {@code baton drill} too.
 */
public final class Shrinker {
  /** Where a shrunk schedule starts: after any startup grace a generated case may have. */
  static final long EARLY_START_MILLIS = 20_000;

  /** How long a shrunk run goes on after its last step. */
  static final int TAIL_SECONDS = 60;

  private final Predicate<RandomCase> fails;
  private int attempts;

  /**
   * @param fails runs a case and says whether it still breaks the same invariant
   */
  public Shrinker(Predicate<RandomCase> fails) {
    this.fails = fails;
  }

  /** How many candidate cases were run. */
  public int attempts() {
    return attempts;
  }

  /**
   * The smallest case found that still fails ({@code failing} itself when nothing smaller does).
   */
  public RandomCase shrink(RandomCase failing) {
    RandomCase best = failing;
    boolean smaller = true;
    while (smaller) {
      smaller = false;
      for (RandomCase candidate : candidates(best)) {
        attempts++;
        if (fails.test(candidate)) {
          best = candidate;
          smaller = true;
          break;
        }
      }
    }
    return best;
  }

  /** Every case one change smaller than {@code c}, the biggest cuts first. */
  static List<RandomCase> candidates(RandomCase c) {
    List<RandomCase> out = new ArrayList<>();
    List<RandomCase.Step> steps = c.steps();
    // Halves first: long schedules shrink in a few runs.
    if (steps.size() > 3) {
      out.add(c.withSteps(steps.subList(0, steps.size() / 2)));
      out.add(c.withSteps(steps.subList(steps.size() / 2, steps.size())));
    }
    if (!steps.isEmpty()) {
      // Earlier: the schedule starts 20 s in; shorter: the run ends a minute after its last step.
      long first = steps.get(0).atMillis();
      if (first > EARLY_START_MILLIS) {
        long shift = first - EARLY_START_MILLIS;
        out.add(
            c.withSteps(
                steps.stream()
                    .map(st -> new RandomCase.Step(st.atMillis() - shift, st.action()))
                    .toList()));
      }
      int end = (int) (steps.get(steps.size() - 1).atMillis() / 1000) + TAIL_SECONDS;
      if (end < c.durationSeconds()) {
        out.add(c.withDuration(end));
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      List<RandomCase.Step> fewer = new ArrayList<>(steps);
      fewer.remove(i);
      out.add(c.withSteps(fewer));
    }
    if (c.regions().size() > 2) {
      for (RandomCase.Region r : c.regions()) {
        if (c.stepsNaming(r.name()).isEmpty()) {
          List<RandomCase.Region> fewer = new ArrayList<>(c.regions());
          fewer.remove(r);
          out.add(c.withRegions(fewer));
        }
      }
    }
    for (int i = 0; i < c.regions().size(); i++) {
      RandomCase.Region r = c.regions().get(i);
      if (r.instances() > 1 && !namesInstance(c, r)) {
        List<RandomCase.Region> fewer = new ArrayList<>(c.regions());
        fewer.set(i, new RandomCase.Region(r.name(), r.instances() - 1, r.awsRegion()));
        out.add(c.withRegions(fewer));
      }
    }
    return out;
  }

  /** Whether a step names one of {@code r}'s instances by number (it must keep existing). */
  private static boolean namesInstance(RandomCase c, RandomCase.Region r) {
    return c.stepsNaming(r.name()).stream()
        .anyMatch(s -> s.action().contains(r.name() + "/" + r.instances()));
  }
}
