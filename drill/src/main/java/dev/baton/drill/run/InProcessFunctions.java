package dev.baton.drill.run;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.baton.detection.DetectorWiring;
import dev.baton.detection.FleetMonitor;
import dev.baton.detection.MonitorPorts;
import dev.baton.detection.StaleHeartbeatSweep;
import dev.baton.detection.StuckPromotionCheck;
import dev.baton.domain.Topology;
import dev.baton.functions.HealthTransitionHandler;
import dev.baton.functions.PromotionHandler;
import dev.baton.functions.PromotionWiring;
import dev.baton.functions.StaleHeartbeatHandler;
import dev.baton.observability.EmfMetrics;
import dev.baton.outside.HttpOutsideProber;
import dev.baton.outside.MonitorPerspective;
import dev.baton.port.Metrics;
import dev.baton.port.ReadinessCheck;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.store.DynamoAuditLog;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.DynamoHeartbeatStore;
import dev.baton.store.DynamoPromotionJournal;
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
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Baton's three functions in this process, each its real handler called with a Lambda context
 * carrying the template's timeout. The promotion handler is wired from the drill's environment
 * exactly as on AWS (it reads the topology file the drill wrote). The detectors' handlers get the
 * wiring their factory would build, except for the two Lambda calls they make: promotion requests
 * go to the drill's asynchronous invoker and the readiness check to the in-process promotion
 * handler. A detector's handler is created on its first invocation, as a Lambda cold start: its
 * startup grace starts then.
 */
public final class InProcessFunctions implements DrillFunctions {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessFunctions.class);

  /** The template's timeouts. */
  static final Duration STREAM_TIMEOUT = Duration.ofSeconds(30);

  static final Duration SWEEP_TIMEOUT = Duration.ofSeconds(60);
  static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(300);

  private final StackResources stack;
  private final PromotionHandler promotion;
  private final DynamoDbClient dynamo;
  // One lock per function: on AWS they are separate functions that never wait for each other.
  private final Object streamLock = new Object();
  private final Object sweepLock = new Object();
  private HealthTransitionHandler healthTransition;
  private StaleHeartbeatHandler staleSweep;

  public InProcessFunctions(StackResources stack) {
    this.stack = stack;
    Map<String, String> env = stack.environment();
    this.promotion = new PromotionHandler(() -> PromotionWiring.fromEnvironment(env));
    // The template publishes the functions with SnapStart: they are primed before use.
    promotion.beforeCheckpoint(null);
    this.dynamo = stack.clients().dynamoDb();
  }

  @Override
  public StreamsEventResponse healthTransition(DynamodbEvent batch) {
    synchronized (streamLock) {
      if (healthTransition == null) {
        healthTransition =
            new HealthTransitionHandler(
                () -> detectorWiring("health-transition", "baton:health-transition"));
      }
      return healthTransition.handleRequest(
          batch, new LocalInvocation("baton-drill-health-transition", STREAM_TIMEOUT));
    }
  }

  @Override
  public void staleSweep(ScheduledEvent event) {
    synchronized (sweepLock) {
      if (staleSweep == null) {
        staleSweep =
            new StaleHeartbeatHandler(() -> detectorWiring("stale-sweeper", "baton:stale-sweeper"));
      }
      Map<String, Object> summary =
          staleSweep.handleRequest(
              event, new LocalInvocation("baton-drill-stale-sweeper", SWEEP_TIMEOUT));
      LOG.info("sweep: {}", summary);
    }
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

  /**
   * What {@link DetectorWiring#create} builds, with the in-process promotion invoker and readiness
   * check in place of its Lambda clients.
   */
  private DetectorWiring detectorWiring(String service, String requestedBy) {
    Topology topology = stack.topology();
    String table = stack.table();
    Metrics metrics = EmfMetrics.fromEnvironment(stack.environment(), service);
    Duration keep =
        topology.policy().flapWindow().compareTo(topology.policy().minAutoPromotionGap()) >= 0
            ? topology.policy().flapWindow()
            : topology.policy().minAutoPromotionGap();
    MonitorPorts ports =
        new MonitorPorts(
            new DynamoHeartbeatStore(dynamo, table),
            new DynamoRegionStateStore(dynamo, table, topology.regionNamesByPriority()),
            new DynamoBatonStore(dynamo, table, keep),
            new DynamoAuditLog(
                dynamo,
                table,
                DynamoAuditLog.DEFAULT_RETENTION,
                new SplittableRandom(new SecureRandom().nextLong())),
            stack.promotions(),
            metrics);
    FleetMonitor monitor =
        new FleetMonitor(
                topology,
                ports,
                Clock.systemUTC(),
                requestedBy,
                topology.timings().heartbeatInterval())
            .withPerspective(
                new MonitorPerspective(
                    topology,
                    stack.environment().getOrDefault("AWS_REGION", "unknown-region"),
                    requestedBy,
                    new HttpOutsideProber(topology.timings().outsideProbeTimeout()),
                    Clock.systemUTC()));
    return new DetectorWiring(
        monitor,
        new StaleHeartbeatSweep(
            monitor,
            readiness(),
            new StuckPromotionCheck(
                new DynamoPromotionJournal(dynamo, table),
                StuckPromotionCheck.DEFAULT_STUCK_AFTER,
                Clock.systemUTC()),
            metrics),
        new PromotionRequestCodec(topology));
  }

  /** The readiness check runs inside the promotion function (decision 0002). */
  private ReadinessCheck readiness() {
    return new InProcessReadinessCheck(this::promotion);
  }

  @Override
  public void close() {
    dynamo.close();
  }
}
