package dev.baton.drill.run;

import dev.baton.domain.PromotionRequest;
import dev.baton.port.PromotionInvoker;
import dev.baton.promotion.PromotionRequestCodec;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detectors' promotion requests, handed to the promotion function as an asynchronous Lambda
 * invoke does: queued, the caller does not wait, one at a time (the function's reserved
 * concurrency), a failed invocation retried twice as Lambda does for async events.
 */
public final class AsyncPromotionInvoker implements PromotionInvoker, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncPromotionInvoker.class);
  private static final int LAMBDA_ASYNC_RETRIES = 2;

  private final UnaryOperator<String> function;
  private final PromotionRequestCodec codec = new PromotionRequestCodec();
  private final ExecutorService queue =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "promotion-async");
            t.setDaemon(true);
            return t;
          });

  public AsyncPromotionInvoker(UnaryOperator<String> function) {
    this.function = function;
  }

  @Override
  public void requestPromotion(PromotionRequest request) {
    String body = codec.encode(request);
    queue.submit(() -> invoke(body));
  }

  private void invoke(String body) {
    for (int attempt = 1; attempt <= 1 + LAMBDA_ASYNC_RETRIES; attempt++) {
      try {
        String answer = function.apply(body);
        LOG.info("async promotion request answered: {}", answer);
        return;
      } catch (RuntimeException e) {
        LOG.error("async promotion invocation {} failed", attempt, e);
      }
    }
    LOG.error(
        "async promotion request dropped after {} attempts (on AWS: the DLQ): {}",
        1 + LAMBDA_ASYNC_RETRIES,
        body);
  }

  @Override
  public void close() {
    queue.shutdown();
    try {
      if (!queue.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("a promotion was still running when the drill ended");
        queue.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      queue.shutdownNow();
    }
  }
}
