package dev.baton.cli;

import dev.baton.promotion.PromotionChannel;
import java.util.Map;

/**
 * Builds the promotion handler in-process for a local stack, from the environment the function
 * would have on AWS ({@code BATON_TABLE}, {@code BATON_TOPOLOGY_FILE}, {@code BATON_AWS_ENDPOINT},
 * ...).
 */
@FunctionalInterface
public interface LocalPromotionFunction {
  PromotionChannel start(Map<String, String> environment);
}
