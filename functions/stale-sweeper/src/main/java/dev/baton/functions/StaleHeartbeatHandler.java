package dev.baton.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.baton.detection.DetectorWiring;
import dev.baton.detection.StaleHeartbeatSweep;
import dev.baton.detection.StuckPromotionCheck;
import dev.baton.observability.LogFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * The scheduled backstop (every minute): judges the fleet from the table with the same evaluator as
 * the stream function, marks stale heartbeats STALE, and runs the readiness check of the failover
 * path in the promotion function, and reports the baton's promotion if its Lambda died mid-saga.
 * Answers with a summary of what it found.
 *
 * <p>SnapStart: primed with reads only before the snapshot; rebuilt after a restore.
 */
public final class StaleHeartbeatHandler
    implements RequestHandler<ScheduledEvent, Map<String, Object>>, Resource {
  static final String SERVICE = "stale-sweeper";
  static final String REQUESTED_BY = "baton:stale-sweeper";

  private final DetectorWiring.Factory factory;
  private volatile DetectorWiring wiring;

  /** Lambda's entry point: everything from the environment, clients created once. */
  public StaleHeartbeatHandler() {
    this(() -> DetectorWiring.fromEnvironment(System.getenv(), SERVICE, REQUESTED_BY));
    // CRaC holds resources weakly; Lambda holds this handler for the life of the process.
    Core.getGlobalContext().register(this);
  }

  /**
   * @param factory builds the wiring now, and again after a SnapStart restore
   */
  public StaleHeartbeatHandler(DetectorWiring.Factory factory) {
    this.factory = factory;
    this.wiring = factory.build();
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    try (LogFields f = LogFields.forInvocation(context)) {
      StaleHeartbeatSweep.Result result = wiring.sweep().run();
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("summary", result.sweep().summary());
      summary.put("instances", result.sweep().instances());
      summary.put("markedStale", result.sweep().markedStale());
      summary.put("overtaken", result.sweep().overtaken());
      List<String> problems =
          result.readinessProblems().stream()
              .map(p -> p.router() + " " + p.region() + ": " + p.detail())
              .toList();
      summary.put("readinessProblems", problems);
      summary.put(
          "stuckPromotion",
          result.stuckPromotion().map(StuckPromotionCheck.StuckPromotion::describe).orElse(null));
      return summary;
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
