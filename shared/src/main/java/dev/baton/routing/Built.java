package dev.baton.routing;

import dev.baton.domain.ConfigProblem;
import dev.baton.port.TrafficRouter;
import java.util.List;

/** A router built from its settings, or the problems that stopped it. */
record Built(TrafficRouter router, List<ConfigProblem> problems) {
  static Built router(TrafficRouter router) {
    return new Built(router, List.of());
  }

  static Built problems(List<ConfigProblem> problems) {
    return new Built(null, List.copyOf(problems));
  }
}
