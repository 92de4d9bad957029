package dev.baton.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.baton.detection.DetectorWiring;
import dev.baton.detection.StreamBatchResult;
import dev.baton.observability.LogFields;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;

/**
 * The stream-triggered detector: applies a batch of heartbeat records to the fleet view, judges
 * every region and carries out the decisions (the fleet monitor does all of it). Answers with the
 * records Lambda must redeliver ({@code ReportBatchItemFailures}); none unless a retry can help.
 *
 * <p>SnapStart: before the snapshot the table client, the codec and the evaluator are primed with
 * reads only; after a restore the wiring is rebuilt (new connections, a reseeded random source, a
 * fresh view read from the table).
 */
public final class HealthTransitionHandler
    implements RequestHandler<DynamodbEvent, StreamsEventResponse>, Resource {
  static final String SERVICE = "health-transition";
  static final String REQUESTED_BY = "baton:health-transition";

  private final DetectorWiring.Factory factory;
  private volatile DetectorWiring wiring;

  /** Lambda's entry point: everything from the environment, clients created once. */
  public HealthTransitionHandler() {
    this(() -> DetectorWiring.fromEnvironment(System.getenv(), SERVICE, REQUESTED_BY));
    // CRaC holds resources weakly; Lambda holds this handler for the life of the process.
    Core.getGlobalContext().register(this);
  }

  /**
   * @param factory builds the wiring now, and again after a SnapStart restore
   */
  public HealthTransitionHandler(DetectorWiring.Factory factory) {
    this.factory = factory;
    this.wiring = factory.build();
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    List<DynamodbEvent.DynamodbStreamRecord> records =
        event == null || event.getRecords() == null ? List.of() : event.getRecords();
    try (LogFields f = LogFields.forInvocation(context)) {
      StreamBatchResult result = wiring.monitor().onStreamRecords(records);
      return new StreamsEventResponse(
          result.failedSequenceNumbers().stream()
              .map(StreamsEventResponse.BatchItemFailure::new)
              .toList());
    }
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    wiring.prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    wiring = factory.build();
  }
}
