package dev.baton.drill.run;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.baton.detection.FleetMonitor;
import dev.baton.detection.MonitorPorts;
import dev.baton.detection.StaleHeartbeatSweep;
import dev.baton.detection.StreamBatchResult;
import dev.baton.domain.Topology;
import dev.baton.functions.PromotionHandler;
import dev.baton.functions.PromotionWiring;
import dev.baton.port.Metrics;
import dev.baton.port.ReadinessCheck;
import dev.baton.promotion.PromotionResultCodec;
import dev.baton.store.DynamoAuditLog;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.DynamoHeartbeatStore;
import dev.baton.store.DynamoRegionStateStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Baton's three functions in this process. The promotion function is its real handler ({@link
 * PromotionHandler}, wired from the drill's environment and topology) called with a Lambda context
 * carrying the template's timeout. The two detectors run the fleet monitor each function wires,
 * with the drill's asynchronous promotion invoker; each is created on its first invocation, as a
 * Lambda cold start does, so the startup grace starts with the monitor.
 */
public final class InProcessFunctions implements DrillFunctions {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessFunctions.class);

  /** The template's timeouts. */
  static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(300);

  private final StackResources stack;
  private final PromotionHandler promotion;
  private final DynamoDbClient dynamo;
  // One lock per function: on AWS they are separate functions that never wait for each other.
  private final Object streamLock = new Object();
  private final Object sweepLock = new Object();
  private FleetMonitor streamMonitor;
  private StaleHeartbeatSweep sweeper;

  public InProcessFunctions(StackResources stack) {
    this.stack = stack;
    Topology topology = stack.topology();
    Map<String, String> env = stack.environment();
    this.promotion = new PromotionHandler(() -> PromotionWiring.fromEnvironment(env, topology));
    // The template publishes the promotion function with SnapStart: it is primed before use.
    promotion.beforeCheckpoint(null);
    this.dynamo = stack.clients().dynamoDb();
  }

  @Override
  public StreamsEventResponse healthTransition(DynamodbEvent batch) {
    StreamBatchResult result;
    synchronized (streamLock) {
      if (streamMonitor == null) {
        streamMonitor = monitor("baton:health-transition");
      }
      result = streamMonitor.onStreamRecords(batch.getRecords());
    }
    return new StreamsEventResponse(
        result.failedSequenceNumbers().stream()
            .map(StreamsEventResponse.BatchItemFailure::new)
            .toList());
  }

  @Override
  public synchronized void staleSweep(ScheduledEvent event) {
    if (sweeper == null) {
      sweeper =
          new StaleHeartbeatSweep(monitor("baton:stale-sweeper"), readiness(), quietMetrics());
    }
    StaleHeartbeatSweep.Result result = sweeper.run();
    LOG.info("sweep: {}, readiness problems: {}", result.sweep(), result.readinessProblems());
  }

  @Override
  public String promotion(String requestJson) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      promotion.handleRequest(
          new ByteArrayInputStream(requestJson.getBytes(StandardCharsets.UTF_8)),
          out,
          new LocalInvocation("baton-drill-promotion", PROMOTION_TIMEOUT));
    } catch (IOException e) {
      throw new UncheckedIOException("the promotion handler could not write its answer", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The readiness check runs inside the promotion function (decision 0002). */
  private ReadinessCheck readiness() {
    PromotionResultCodec codec = new PromotionResultCodec();
    return () -> codec.readinessProblems(promotion("{\"action\":\"readiness\"}"));
  }

  private FleetMonitor monitor(String requestedBy) {
    Topology topology = stack.topology();
    String table = stack.table();
    Duration keep = topology.policy().flapWindow().plus(topology.policy().minAutoPromotionGap());
    MonitorPorts ports =
        new MonitorPorts(
            new DynamoHeartbeatStore(dynamo, table),
            new DynamoRegionStateStore(dynamo, table, topology.regionNamesByPriority()),
            new DynamoBatonStore(dynamo, table, keep),
            new DynamoAuditLog(dynamo, table, DynamoAuditLog.DEFAULT_RETENTION, new SecureRandom()),
            stack.promotions(),
            quietMetrics());
    return new FleetMonitor(topology, ports, Clock.systemUTC(), requestedBy, Duration.ofMinutes(1));
  }

  /** Metrics go to the drill's log: alarms and decisions are read from the audit log instead. */
  private static Metrics quietMetrics() {
    return new Metrics() {
      @Override
      public void count(String name, double value, Map<String, String> dimensions) {
        LOG.debug("metric {} {} {}", name, value, dimensions);
      }

      @Override
      public void millis(String name, double value) {
        LOG.debug("metric {} {} ms", name, value);
      }
    };
  }

  @Override
  public void close() {
    dynamo.close();
  }
}
