package dev.baton.sim.aws;

import dev.baton.promotion.FunctionRequest;
import dev.baton.promotion.JournalConflict;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.promotion.PromotionResult;
import dev.baton.promotion.PromotionService;
import dev.baton.promotion.RequestRejected;
import dev.baton.promotion.TimeBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The promotion function as its handler runs it ({@code PromotionHandler.handle}, in the promotion
 * function's module, which the simulator does not depend on): decode the one documented request
 * type with the production codec, hand it to the production {@link PromotionService} with the
 * invocation's time budget, a journal conflict answered "not acting", anything else thrown (Lambda
 * reports an error; an asynchronous request is retried).
 */
public final class PromotionFunction {
  private final PromotionRequestCodec codec;
  private final PromotionService service;
  private final Clock clock;
  private final Duration timeout;
  private final BooleanSupplier reachable;

  /**
   * @param timeout the function's timeout (template.yaml: 300 s): the saga's time budget
   * @param reachable false while the function's AWS region is isolated (the invoke fails)
   */
  public PromotionFunction(
      PromotionRequestCodec codec,
      PromotionService service,
      Clock clock,
      Duration timeout,
      BooleanSupplier reachable) {
    this.codec = codec;
    this.service = service;
    this.clock = clock;
    this.timeout = timeout;
    this.reachable = reachable;
  }

  /** One invocation with {@code body}; throws what the function would end with as an error. */
  public PromotionResult invoke(String body) {
    if (!reachable.getAsBoolean()) {
      throw new IllegalStateException("the promotion function's region is isolated");
    }
    Instant deadline = clock.instant().plus(timeout);
    TimeBudget budget = () -> Duration.between(clock.instant(), deadline);
    FunctionRequest request;
    try {
      request = codec.decode(body);
    } catch (RequestRejected e) {
      return new PromotionResult.Rejected(e.field(), e.rule());
    }
    try {
      return service.handle(request, budget);
    } catch (JournalConflict e) {
      return new PromotionResult.NotActing("not acting: " + e.getMessage(), null, null);
    }
  }
}
