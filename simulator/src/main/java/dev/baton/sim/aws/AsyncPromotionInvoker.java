package dev.baton.sim.aws;

import dev.baton.domain.PromotionRequest;
import dev.baton.port.DependencyException;
import dev.baton.port.PromotionInvoker;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.promotion.PromotionResult;
import dev.baton.sim.Observations;
import dev.baton.time.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An asynchronous Lambda invoke of the promotion function ({@code InvocationType=Event}): the
 * request is encoded with the production codec and queued; the caller does not wait. The invocation
 * runs on the scheduler; when it fails, Lambda retries it after one minute, then two ({@code
 * maxRetries}: template.yaml's {@code EventInvokeConfig.MaximumRetryAttempts} is 1; Lambda's
 * default is 2), then drops it (on AWS: the failure destination). Invocations are not serialised:
 * two may overlap when a saga waits.
 */
public final class AsyncPromotionInvoker implements PromotionInvoker {
  /** Lambda's waits before the first and second retry of a failed asynchronous invocation. */
  static final List<Duration> RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));

  /** One request handed over, with what became of it. */
  /** The outcome noted when Lambda gives up and sends the event to the dead-letter queue. */
  public static final String DEAD_LETTERED = "dead-lettered: ";

  public record Invocation(Duration requestedAt, String body, List<String> outcomes) {}

  private final PromotionRequestCodec codec;
  private final PromotionFunction function;
  private final VirtualScheduler scheduler;
  private final int maxRetries;
  private final BooleanSupplier reachable;
  private final Observations observations;
  private final String caller;
  private final List<Invocation> invocations = new ArrayList<>();

  /**
   * @param caller who invokes (for the observations), e.g. {@code health-transition}
   * @param reachable false while Lambda's API in the home region cannot be reached
   */
  public AsyncPromotionInvoker(
      String caller,
      PromotionRequestCodec codec,
      PromotionFunction function,
      VirtualScheduler scheduler,
      int maxRetries,
      BooleanSupplier reachable,
      Observations observations) {
    if (maxRetries < 0 || maxRetries > RETRY_DELAYS.size()) {
      throw new IllegalArgumentException("maxRetries must be 0, 1 or 2, was " + maxRetries);
    }
    this.caller = caller;
    this.codec = codec;
    this.function = function;
    this.scheduler = scheduler;
    this.maxRetries = maxRetries;
    this.reachable = reachable;
    this.observations = observations;
  }

  @Override
  public void requestPromotion(PromotionRequest request) {
    if (!reachable.getAsBoolean()) {
      throw new DependencyException(
          "lambda",
          "invoke the promotion function (" + request.action() + "): unreachable",
          true,
          null);
    }
    String body = codec.encode(request);
    observations.note("promotion-request", caller, body);
    Invocation invocation =
        new Invocation(
            Duration.between(observations.startedAt(), scheduler.clock().instant()),
            body,
            new ArrayList<>());
    invocations.add(invocation);
    scheduler.schedule(() -> run(invocation, 0), 0, TimeUnit.NANOSECONDS);
  }

  /** Every request handed over so far. */
  public List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  private void run(Invocation invocation, int retry) {
    try {
      PromotionResult result = function.invoke(invocation.body());
      String outcome = result.outcome() + ": " + result.reason();
      invocation.outcomes().add(outcome);
      observations.note("promotion-result", caller, outcome);
    } catch (RuntimeException e) {
      invocation.outcomes().add("error: " + e);
      if (retry < maxRetries) {
        observations.note(
            "promotion-result", caller, "invocation failed, Lambda retries it: " + e.getMessage());
        scheduler.schedule(
            () -> run(invocation, retry + 1),
            RETRY_DELAYS.get(retry).toNanos(),
            TimeUnit.NANOSECONDS);
      } else {
        // template.yaml's OnFailure destination: the event goes to PromotionDeadLetterQueue,
        // whose alarm (PromotionDeadLetterAlarm) pages people. Kept, not lost.
        invocation.outcomes().add(DEAD_LETTERED + e.getMessage());
        observations.note(
            "promotion-result",
            caller,
            "invocation failed after retries, sent to the dead-letter queue: " + e.getMessage());
      }
    }
  }
}
