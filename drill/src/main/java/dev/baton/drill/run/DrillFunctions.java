package dev.baton.drill.run;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

/**
 * Baton's three functions as the local stack calls them: the stream function with a batch, the
 * sweeper with a scheduled event, the promotion function with its JSON request.
 */
public interface DrillFunctions extends AutoCloseable {

  /** HealthTransitionFunction: one batch of stream records. */
  StreamsEventResponse healthTransition(DynamodbEvent batch);

  /** StaleHeartbeatFunction: one scheduled event. */
  void staleSweep(ScheduledEvent event);

  /** PromotionFunction: one JSON request, its JSON answer. */
  String promotion(String requestJson);

  @Override
  default void close() {}
}
