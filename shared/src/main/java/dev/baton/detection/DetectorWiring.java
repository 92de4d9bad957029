package dev.baton.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.config.TopologyLoader;
import dev.baton.detection.aws.LambdaPromotionInvoker;
import dev.baton.detection.aws.LambdaReadinessCheck;
import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.Topology;
import dev.baton.observability.EmfMetrics;
import dev.baton.observability.JsonLogging;
import dev.baton.outside.HttpOutsideProber;
import dev.baton.outside.MonitorPerspective;
import dev.baton.port.Metrics;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.store.DynamoAuditLog;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.DynamoExpiredItems;
import dev.baton.store.DynamoHeartbeatStore;
import dev.baton.store.DynamoPromotionJournal;
import dev.baton.store.DynamoRegionStateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * The detectors' object graph, built from the environment once per process and again after a
 * SnapStart restore (new connections, a freshly seeded random source, a fresh view):
 *
 * <ul>
 *   <li>{@code BATON_TABLE} (required): the table;
 *   <li>{@code BATON_PROMOTION_FUNCTION} (required): the promotion function's alias, invoked
 *       asynchronously for promotions and synchronously for the readiness check;
 *   <li>{@code BATON_TOPOLOGY} (JSON) or {@code BATON_TOPOLOGY_FILE}: the topology;
 *   <li>{@code BATON_RESYNC_INTERVAL} (optional, ISO-8601 such as {@code PT5S}): how often the view
 *       is re-read from the table; default the heartbeat interval;
 *   <li>{@code BATON_STUCK_PROMOTION_AFTER} (optional, ISO-8601): how long the baton's promotion
 *       may stay RUNNING without a journal write before the sweeper reports it stuck; longer than
 *       the promotion function's timeout; default {@link StuckPromotionCheck#DEFAULT_STUCK_AFTER};
 *   <li>{@code BATON_PROMOTION_TIMEOUT} (optional, ISO-8601): the promotion function's timeout; the
 *       synchronous readiness invoke waits that long (plus a margin) and is never retried; default
 *       5 minutes;
 *   <li>AWS endpoints as {@link AwsSettings} reads them; {@code POWERTOOLS_SERVICE_NAME}, {@code
 *       POWERTOOLS_METRICS_NAMESPACE}, {@code POWERTOOLS_LOG_LEVEL}.
 * </ul>
 */
public final class DetectorWiring {
  private static final Logger LOG = LoggerFactory.getLogger(DetectorWiring.class);

  private final FleetMonitor monitor;
  private final StaleHeartbeatSweep sweep;
  private final PromotionRequestCodec codec;

  public DetectorWiring(
      FleetMonitor monitor, StaleHeartbeatSweep sweep, PromotionRequestCodec codec) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.sweep = Objects.requireNonNull(sweep, "sweep");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /** Builds a wiring; called at start and after every SnapStart restore. */
  @FunctionalInterface
  public interface Factory {
    DetectorWiring build();
  }

  public FleetMonitor monitor() {
    return monitor;
  }

  public StaleHeartbeatSweep sweep() {
    return sweep;
  }

  /**
   * Warms what the first invocation needs before a SnapStart snapshot: the request codec, the
   * DynamoDB client (reads of the baton and the fleet) and the evaluation code. Writes nothing.
   */
  public void prime() {
    try {
      codec.encode(new PromotionRequest.Freeze("baton:snapstart", "priming", true));
      monitor.prime();
      LOG.info("primed the table client, the codec and the evaluator for the snapshot");
    } catch (RuntimeException e) {
      // Priming only saves time on the first invocation; the function works without it.
      LOG.warn(
          "priming before the snapshot failed (the first invocation will be slower): {}",
          e.toString());
    }
  }

  /**
   * The wiring for {@code topology} against AWS (or an emulator) as {@code env} says.
   *
   * @param service the metrics' and logs' service name, e.g. {@code health-transition}
   * @param requestedBy who the promotion requests name, e.g. {@code baton:health-transition}
   * @throws InvalidConfigException naming every missing or bad variable
   */
  public static DetectorWiring create(
      Map<String, String> env, Topology topology, String service, String requestedBy) {
    Settings settings = Settings.from(env, topology);
    AwsClients aws = new AwsClients(AwsSettings.fromEnvironment(env));
    return assemble(
        settings,
        topology,
        requestedBy,
        aws.dynamoDb(),
        aws.lambda(),
        readinessClient(aws, settings),
        EmfMetrics.fromEnvironment(env, service),
        new PromotionRequestCodec(topology),
        new SecureRandom().nextLong());
  }

  /**
   * Installs JSON logging, reads the topology and builds the wiring (see {@link #create}) for a
   * cold start: the AWS clients, the slowest part, are built on two other threads meanwhile; the
   * DynamoDB client's read path is warmed with the operations the first invocation uses, and the
   * Lambda client's with a dry-run invoke, so the first invocation does not pay for them. Nothing
   * is written and nothing runs.
   */
  public static DetectorWiring fromEnvironment(
      Map<String, String> env, String service, String requestedBy) {
    CompletableFuture<AwsClients> aws =
        CompletableFuture.supplyAsync(
            () -> new AwsClients(AwsSettings.fromEnvironment(env)), DetectorWiring::onInitThread);
    CompletableFuture<DynamoDbClient> dynamo =
        aws.thenApplyAsync(
            clients -> warmed(clients.dynamoDb(), env), DetectorWiring::onInitThread);
    CompletableFuture<LambdaClient> lambda =
        aws.thenApplyAsync(clients -> warmed(clients.lambda(), env), DetectorWiring::onInitThread);
    JsonLogging.install(env, service);
    Topology topology = TopologyLoader.fromEnvironment(env);
    Settings settings = Settings.from(env, topology);
    EmfMetrics metrics = EmfMetrics.fromEnvironment(env, service);
    metrics.prime();
    PromotionRequestCodec codec = new PromotionRequestCodec(topology);
    long seed = new SecureRandom().nextLong();
    try {
      return assemble(
          settings,
          topology,
          requestedBy,
          dynamo.join(),
          lambda.join(),
          readinessClient(aws.join(), settings),
          metrics,
          codec,
          seed);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private static DetectorWiring assemble(
      Settings settings,
      Topology topology,
      String requestedBy,
      DynamoDbClient dynamo,
      LambdaClient lambda,
      Supplier<LambdaClient> readinessLambda,
      Metrics metrics,
      PromotionRequestCodec codec,
      long seed) {
    Duration keepAutoPromotions =
        max(topology.policy().flapWindow(), topology.policy().minAutoPromotionGap());
    MonitorPorts ports =
        new MonitorPorts(
            new DynamoHeartbeatStore(dynamo, settings.table()),
            new DynamoRegionStateStore(dynamo, settings.table(), topology.regionNamesByPriority()),
            new DynamoBatonStore(dynamo, settings.table(), keepAutoPromotions),
            // Seeded per wiring: copies restored from one snapshot draw different ids.
            new DynamoAuditLog(
                dynamo,
                settings.table(),
                DynamoAuditLog.DEFAULT_RETENTION,
                new SplittableRandom(seed)),
            new LambdaPromotionInvoker(lambda, settings.promotionFunction(), codec),
            metrics);
    FleetMonitor monitor =
        new FleetMonitor(topology, ports, Clock.systemUTC(), requestedBy, settings.resyncInterval())
            .withPerspective(
                new MonitorPerspective(
                    topology,
                    settings.awsRegion(),
                    requestedBy,
                    new HttpOutsideProber(topology.timings().outsideProbeTimeout()),
                    Clock.systemUTC()));
    StaleHeartbeatSweep sweep =
        new StaleHeartbeatSweep(
                monitor,
                new LambdaReadinessCheck(
                    readinessLambda, settings.promotionFunction(), codec, new ObjectMapper()),
                new StuckPromotionCheck(
                    new DynamoPromotionJournal(dynamo, settings.table()),
                    settings.stuckPromotionAfter(),
                    Clock.systemUTC()),
                metrics)
            // The strongly consistent table has no TTL (docs/decisions/0024).
            .withExpiry(
                new DynamoExpiredItems(dynamo, settings.table(), DynamoAuditLog.DEFAULT_RETENTION),
                Clock.systemUTC());
    return new DetectorWiring(monitor, sweep, codec);
  }

  /**
   * The readiness check's client, built on first use: the synchronous invoke waits as long as the
   * promotion function may run ({@code BATON_PROMOTION_TIMEOUT}) and is never retried.
   */
  private static Supplier<LambdaClient> readinessClient(AwsClients aws, Settings settings) {
    LambdaClient[] built = new LambdaClient[1];
    return () -> {
      synchronized (built) {
        if (built[0] == null) {
          built[0] = aws.lambdaForSynchronousInvokes(settings.promotionTimeout());
        }
        return built[0];
      }
    };
  }

  private static void onInitThread(Runnable task) {
    Thread thread = new Thread(task, "baton-init");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs the read operations of a first invocation once (GetItem, Query, BatchGetItem) on keys that
   * need not exist: marshalling, signing and the connection are ready afterwards.
   */
  private static DynamoDbClient warmed(DynamoDbClient dynamo, Map<String, String> env) {
    String table = env.get("BATON_TABLE");
    if (table == null || table.isBlank()) {
      return dynamo;
    }
    try {
      new DynamoBatonStore(dynamo, table.strip(), Duration.ofHours(1)).read();
      new DynamoHeartbeatStore(dynamo, table.strip()).loadFleet(List.of(WARM_UP_REGION));
      new DynamoRegionStateStore(dynamo, table.strip(), List.of(WARM_UP_REGION)).loadAll();
    } catch (RuntimeException e) {
      // Only a warm-up: the first invocation reads the table again and reports what fails.
      LOG.warn("warm-up reads of the table failed: {}", e.toString());
    }
    return dynamo;
  }

  /**
   * A dry-run invoke of the promotion function (Lambda checks the request and the permission and
   * runs nothing): the Invoke path of the client (marshalling, signing, the connection) is ready
   * for the first promotion request or readiness check. Needs no permission beyond the one those
   * use.
   */
  private static LambdaClient warmed(LambdaClient lambda, Map<String, String> env) {
    String function = env.get("BATON_PROMOTION_FUNCTION");
    if (function == null || function.isBlank()) {
      return lambda;
    }
    try {
      lambda.invoke(b -> b.functionName(function.strip()).invocationType(InvocationType.DRY_RUN));
    } catch (RuntimeException e) {
      // Only a warm-up: the first real request reports what fails.
      LOG.warn("warm-up dry-run invoke of {} failed: {}", function.strip(), e.toString());
    }
    return lambda;
  }

  /** The promotion function's timeout in template.yaml, when BATON_PROMOTION_TIMEOUT is unset. */
  static final Duration DEFAULT_PROMOTION_TIMEOUT = Duration.ofMinutes(5);

  /** A region name no topology has: its partitions are empty, reading them changes nothing. */
  private static final String WARM_UP_REGION = "warm-up";

  /** The detectors' own settings, validated together. */
  record Settings(
      String table,
      String promotionFunction,
      Duration resyncInterval,
      Duration stuckPromotionAfter,
      Duration promotionTimeout,
      String awsRegion) {
    static Settings from(Map<String, String> env, Topology topology) {
      List<ConfigProblem> problems = new ArrayList<>();
      String table = required(env, "BATON_TABLE", problems);
      String function = required(env, "BATON_PROMOTION_FUNCTION", problems);
      Duration resync =
          positiveDuration(
              env, "BATON_RESYNC_INTERVAL", topology.timings().heartbeatInterval(), problems);
      Duration stuckAfter =
          positiveDuration(
              env,
              "BATON_STUCK_PROMOTION_AFTER",
              StuckPromotionCheck.DEFAULT_STUCK_AFTER,
              problems);
      Duration promotionTimeout =
          positiveDuration(env, "BATON_PROMOTION_TIMEOUT", DEFAULT_PROMOTION_TIMEOUT, problems);
      // Lambda sets AWS_REGION: the monitor's outside perspective is named after it.
      String awsRegion = env.getOrDefault("AWS_REGION", "");
      InvalidConfigException.throwIfAny("detector environment", problems);
      return new Settings(
          table,
          function,
          resync,
          stuckAfter,
          promotionTimeout,
          awsRegion.isBlank() ? "unknown-region" : awsRegion.strip());
    }

    private static Duration positiveDuration(
        Map<String, String> env, String name, Duration fallback, List<ConfigProblem> problems) {
      String text = env.get(name);
      if (text == null || text.isBlank()) {
        return fallback;
      }
      try {
        Duration value = Duration.parse(text.strip());
        if (value.isNegative() || value.isZero()) {
          problems.add(new ConfigProblem(name, "must be positive, was " + text));
          return fallback;
        }
        return value;
      } catch (DateTimeParseException e) {
        problems.add(
            new ConfigProblem(
                name, "must be an ISO-8601 duration such as PT5S, was '" + text + "'"));
        return fallback;
      }
    }

    private static String required(
        Map<String, String> env, String name, List<ConfigProblem> problems) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        problems.add(new ConfigProblem(name, "is required (see the README, section Deploying)"));
        return null;
      }
      return value.strip();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
