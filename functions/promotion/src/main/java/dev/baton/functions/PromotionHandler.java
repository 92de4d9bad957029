package dev.baton.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.baton.observability.JsonLogging;
import dev.baton.observability.LogFields;
import dev.baton.promotion.FunctionRequest;
import dev.baton.promotion.JournalConflict;
import dev.baton.promotion.PromotionResult;
import dev.baton.promotion.PromotionResultCodec;
import dev.baton.promotion.RequestRejected;
import dev.baton.promotion.TimeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promotion function: parses the one documented request type, hands it to the promotion
 * service, answers {@code {"outcome","reason",...}}. A bad request is answered {@code
 * {"outcome":"rejected","field","rule","reason"}} and changes nothing.
 *
 * <p>SnapStart: before the snapshot the clients and the topology are primed; after a restore the
 * wiring is rebuilt, so connections and the random source (promotion ids, jitter) are never shared
 * between restored copies.
 */
public final class PromotionHandler implements RequestStreamHandler, Resource {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionHandler.class);

  private final PromotionWiring.Factory factory;
  private final PromotionResultCodec results = new PromotionResultCodec();
  private volatile PromotionWiring wiring;

  /** Lambda's entry point: everything from the environment, clients created once. */
  public PromotionHandler() {
    this(
        () -> {
          JsonLogging.install(System.getenv(), "promotion");
          return PromotionWiring.fromEnvironment(System.getenv());
        });
    Core.getGlobalContext().register(this);
  }

  /**
   * @param factory builds the wiring now, and again after a SnapStart restore
   */
  public PromotionHandler(PromotionWiring.Factory factory) {
    this.factory = factory;
    this.wiring = factory.build();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    try (LogFields f = LogFields.forInvocation(context)) {
      PromotionResult result = handle(input, budget(context));
      output.write(results.encode(result).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Handles one request (the same path as {@link #handleRequest}, for in-process callers). */
  public PromotionResult handle(InputStream input, TimeBudget budget) {
    PromotionWiring current = wiring;
    FunctionRequest request;
    try {
      request = current.codec().decode(input);
    } catch (RequestRejected e) {
      LOG.info("rejected a request: {}", e.getMessage());
      return new PromotionResult.Rejected(e.field(), e.rule());
    }
    PromotionResult result;
    try {
      result = current.service().handle(request, budget);
    } catch (JournalConflict e) {
      result = new PromotionResult.NotActing("not acting: " + e.getMessage(), null, null);
    } catch (RuntimeException e) {
      // Lambda reports the error; an asynchronous request is retried once, then dead-lettered.
      LOG.error("{} failed: {}", describe(request), e.toString(), e);
      throw e;
    }
    LOG.info("{} -> {}: {}", describe(request), result.outcome(), result.reason());
    return result;
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    wiring.prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    wiring = factory.build();
    LOG.info("restored from a snapshot: clients, connections and random source rebuilt");
  }

  private static TimeBudget budget(Context context) {
    if (context == null) {
      return TimeBudget.unlimited();
    }
    return () -> Duration.ofMillis(context.getRemainingTimeInMillis());
  }

  private static String describe(FunctionRequest request) {
    return request instanceof FunctionRequest.Promotion p
        ? p.request().action() + " by " + p.request().requestedBy()
        : "readiness";
  }
}
