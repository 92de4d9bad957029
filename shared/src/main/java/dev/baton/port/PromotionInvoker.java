package dev.baton.port;

import dev.baton.domain.PromotionRequest;

/**
 * Hands a promotion request to the promotion function without waiting for it (AWS: an asynchronous
 * Lambda invoke; locally: an in-process invoker).
 */
public interface PromotionInvoker {
  void requestPromotion(PromotionRequest request);
}
