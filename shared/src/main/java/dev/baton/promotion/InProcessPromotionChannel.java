package dev.baton.promotion;

import java.util.function.UnaryOperator;

/**
 * Calls a promotion handler living in this process (a local stack: the drill, or {@code baton
 * --endpoint}): the same JSON in and out as through Lambda.
 */
public final class InProcessPromotionChannel implements PromotionChannel {
  private final UnaryOperator<String> handler;
  private final String description;

  public InProcessPromotionChannel(UnaryOperator<String> handler, String description) {
    this.handler = handler;
    this.description = description;
  }

  @Override
  public String send(String requestJson) {
    return handler.apply(requestJson);
  }

  @Override
  public String describe() {
    return description;
  }
}
