package dev.baton.promotion;

import dev.baton.domain.PromotionRequest;
import java.util.Objects;

/**
 * Everything the promotion function accepts: a promotion request (failover, failback, switchover,
 * freeze, unfreeze, resume) or the internal readiness check run for the sweeper.
 */
public sealed interface FunctionRequest {

  /** One of the documented promotion requests. */
  record Promotion(PromotionRequest request) implements FunctionRequest {
    public Promotion {
      Objects.requireNonNull(request, "request");
    }
  }

  /** {@code {"action":"readiness"}}: check every router's credentials and targets. */
  record Readiness() implements FunctionRequest {}
}
