package dev.baton.promotion;

import java.util.List;
import java.util.Objects;

/**
 * Runs the independent branches of a promotion (one per router: its shift, then its verify) and
 * returns once every one has ended. The port keeps scheduling out of the saga: production runs the
 * branches on threads ({@link RouterThreads}); tests and the simulator run them {@linkplain
 * #inOrder() one after the other} on the caller's thread, so a seed replays exactly.
 *
 * <p>A branch handles its own failures; one that throws anyway (a Lambda timeout in the simulation,
 * a bug) ends {@link #runAll} with that throwable once the branches already running have ended.
 */
@FunctionalInterface
public interface RouterBranches {

  /** One branch: {@code name} (the router's) names its thread and its log lines. */
  record Branch(String name, Runnable work) {
    public Branch {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(work, "work");
    }
  }

  /** Runs every branch, possibly at once, and returns when all of them have ended. */
  void runAll(List<Branch> branches);

  /**
   * Every branch on the caller's thread, in the given (topology) order: deterministic, and what the
   * simulator uses. A branch that throws stops the ones after it (the invocation ended).
   */
  static RouterBranches inOrder() {
    return branches -> branches.forEach(b -> b.work().run());
  }
}
