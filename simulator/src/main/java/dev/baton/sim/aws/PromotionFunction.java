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
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The promotion function as its handler runs it ({@code PromotionHandler.handle}, in the promotion
 * function's module, which the simulator does not depend on): decode the one documented request
 * type with the production codec, hand it to the production {@link PromotionService} with the
 * invocation's time budget, a journal conflict answered "not acting", anything else thrown (Lambda
 * reports an error; an asynchronous request is retried).
 *
 * <p>With the saga's {@link VirtualSleeper}, the invocation dies at its timeout: a wait that would
 * end past {@code timeout} after the invocation started ends it there, wherever the saga is, and
 * the invocation fails with {@link TimedOut} (what Lambda reports: "Task timed out"). Nothing the
 * saga had not journaled yet is journaled.
 */
public final class PromotionFunction {
  private final PromotionRequestCodec codec;
  private final PromotionService service;
  private final Clock clock;
  private final Duration timeout;
  private final BooleanSupplier reachable;
  private final VirtualSleeper sleeper;
  private final List<Instant> timedOut = new ArrayList<>();

  /** Lambda ended the invocation at its timeout. */
  public static final class TimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimedOut(Duration timeout, Instant at) {
      super("Task timed out after " + timeout.toSeconds() + " s (at " + at + ")");
    }
  }

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
    this(codec, service, clock, timeout, reachable, null);
  }

  /**
   * @param sleeper the saga's sleeper, which ends the invocation at its timeout; null: never ended
   */
  public PromotionFunction(
      PromotionRequestCodec codec,
      PromotionService service,
      Clock clock,
      Duration timeout,
      BooleanSupplier reachable,
      VirtualSleeper sleeper) {
    this.sleeper = sleeper;
    this.codec = codec;
    this.service = service;
    this.clock = clock;
    this.timeout = timeout;
    this.reachable = reachable;
  }

  /** When Lambda's timeout ended an invocation, in order. */
  public List<Instant> timedOut() {
    return List.copyOf(timedOut);
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
    Object invocation = sleeper == null ? null : sleeper.enter(deadline);
    try {
      return service.handle(request, budget);
    } catch (JournalConflict e) {
      return new PromotionResult.NotActing("not acting: " + e.getMessage(), null, null);
    } catch (VirtualSleeper.Killed e) {
      if (!e.of(invocation)) {
        throw e;
      }
      timedOut.add(e.at());
      throw new TimedOut(timeout, e.at());
    } finally {
      if (sleeper != null) {
        sleeper.exit(invocation);
      }
    }
  }
}
