package dev.baton.promotion;

import dev.baton.domain.RegionConfig;
import dev.baton.port.TrafficRouter;
import java.util.ArrayList;
import java.util.List;

/** A dry run's answer: every request the routers would send; nothing is written. */
final class DryRunPlan {
  private DryRunPlan() {}

  /**
   * Asks each router for its plan. A router that cannot plan (its provider is unreachable) is a
   * problem listed in the answer, not a failure of the dry run: the operator wants to see it.
   */
  static PromotionResult.DryRun of(
      String reason, List<String> steps, List<TrafficRouter> routers, RegionConfig target) {
    List<TrafficRouter.PlannedRequest> requests = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TrafficRouter router : routers) {
      try {
        requests.addAll(router.plan(target));
      } catch (RuntimeException e) {
        problems.add(router.name() + ": could not plan: " + StepAttempts.describe(e));
      }
    }
    return new PromotionResult.DryRun(reason, steps, requests, problems);
  }
}
