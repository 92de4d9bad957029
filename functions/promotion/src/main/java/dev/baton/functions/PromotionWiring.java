package dev.baton.functions;

import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.config.TopologyLoader;
import dev.baton.domain.Topology;
import dev.baton.notify.SnsNotifier;
import dev.baton.observability.EmfMetrics;
import dev.baton.port.BatonStore;
import dev.baton.port.SecretSource;
import dev.baton.port.TrafficRouter;
import dev.baton.promotion.FunctionRequest;
import dev.baton.promotion.HttpHealthProbe;
import dev.baton.promotion.PromotionPorts;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.promotion.PromotionResult;
import dev.baton.promotion.PromotionResultCodec;
import dev.baton.promotion.PromotionService;
import dev.baton.promotion.RetrySchedule;
import dev.baton.promotion.RouterThreads;
import dev.baton.promotion.SagaTime;
import dev.baton.promotion.Sleeper;
import dev.baton.routing.ProviderSettings;
import dev.baton.routing.TrafficRouters;
import dev.baton.secrets.EnvironmentSecretSource;
import dev.baton.secrets.ReferencedSecretSource;
import dev.baton.secrets.SecretsManagerSecretSource;
import dev.baton.store.DynamoAuditLog;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.DynamoHeartbeatStore;
import dev.baton.store.DynamoPromotionJournal;
import dev.baton.store.DynamoRegionStateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The promotion function's object graph, built once per process (and again after a SnapStart
 * restore) from the environment: BATON_TABLE, BATON_TOPOLOGY or BATON_TOPOLOGY_FILE,
 * BATON_TOPIC_ARN, BATON_DO_TOKEN_SECRET, BATON_CF_TOKEN_SECRET, the AWS endpoints of {@link
 * dev.baton.aws.AwsSettings}, POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE.
 */
public final class PromotionWiring {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionWiring.class);

  /** How long tokens read from Secrets Manager are reused before being read again. */
  static final Duration SECRET_TTL = Duration.ofMinutes(5);

  /** How long the public health probe waits for the new region's answer. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  /** Builds a wiring; called at start and after every SnapStart restore. */
  @FunctionalInterface
  public interface Factory {
    PromotionWiring build();
  }

  private final Topology topology;
  private final PromotionRequestCodec codec;
  private final PromotionService service;
  private final BatonStore batons;

  public PromotionWiring(Topology topology, PromotionService service, BatonStore batons) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.codec = new PromotionRequestCodec(topology);
    this.service = Objects.requireNonNull(service, "service");
    this.batons = Objects.requireNonNull(batons, "batons");
  }

  public Topology topology() {
    return topology;
  }

  public PromotionRequestCodec codec() {
    return codec;
  }

  public PromotionService service() {
    return service;
  }

  /**
   * Warms what the first request will need before a SnapStart snapshot: Jackson on both codecs and
   * one strongly consistent read of the baton (SDK marshalling, signing, the HTTP client). No
   * secret is read, so none can end up in the snapshot.
   */
  public void prime() {
    try {
      FunctionRequest sample =
          codec.decode(
              "{\"action\":\"freeze\",\"requestedBy\":\"baton:snapstart\",\"reason\":\"priming\","
                  + "\"dryRun\":true}");
      new PromotionResultCodec()
          .encode(
              new PromotionResult.Rejected("to", "priming: " + sample.getClass().getSimpleName()));
      batons.read();
      LOG.info("primed codecs and the DynamoDB client for the snapshot");
    } catch (RuntimeException e) {
      // Priming only saves time on the first request; the function works without it.
      LOG.warn(
          "priming before the snapshot failed (the first request will be slower): {}",
          e.toString());
    }
  }

  /**
   * Everything from the environment, the topology from BATON_TOPOLOGY (or BATON_TOPOLOGY_FILE).
   *
   * @throws dev.baton.domain.InvalidConfigException listing every problem of the topology or of the
   *     routers' settings
   * @throws IllegalStateException naming a required variable that is missing
   */
  public static PromotionWiring fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, TopologyLoader.fromEnvironment(env));
  }

  /**
   * Wires the function for {@code topology} from the environment: AWS clients, provider endpoints
   * and token references, the topology's routers.
   *
   * @throws dev.baton.domain.InvalidConfigException listing every problem of the routers' settings
   * @throws IllegalStateException naming a required variable that is missing
   */
  public static PromotionWiring fromEnvironment(Map<String, String> env, Topology topology) {
    AwsClients aws = new AwsClients(AwsSettings.fromEnvironment(env));
    List<TrafficRouter> routers =
        TrafficRouters.fromTopology(
            topology, secrets(env, aws), ProviderSettings.fromEnvironment(env, aws::route53));
    return create(env, topology, routers, aws);
  }

  /**
   * Wires the function for {@code topology} and {@code routers} against AWS (or an emulator) as
   * {@code env} says.
   *
   * @throws IllegalStateException naming a required variable that is missing
   */
  public static PromotionWiring create(
      Map<String, String> env, Topology topology, List<TrafficRouter> routers, AwsClients aws) {
    String table = require(env, "BATON_TABLE");
    String topic = require(env, "BATON_TOPIC_ARN");
    DynamoDbClient dynamo = aws.dynamoDb();
    RandomGenerator random = new SecureRandom();
    Duration keepAutoPromotions =
        max(topology.policy().flapWindow(), topology.policy().minAutoPromotionGap());
    BatonStore batons = new DynamoBatonStore(dynamo, table, keepAutoPromotions);
    PromotionPorts ports =
        new PromotionPorts(
            batons,
            new DynamoRegionStateStore(dynamo, table, topology.regionNamesByPriority()),
            new DynamoPromotionJournal(dynamo, table),
            routers,
            new HttpHealthProbe(PROBE_TIMEOUT),
            new SnsNotifier(aws.sns(), topic),
            new DynamoAuditLog(dynamo, table, DynamoAuditLog.DEFAULT_RETENTION, random),
            new DynamoHeartbeatStore(dynamo, table),
            EmfMetrics.fromEnvironment(env, "promotion"));
    // The routers' branches run on threads of their own (decision 0019).
    SagaTime time =
        new SagaTime(
            Clock.systemUTC(),
            Sleeper.threadSleep(),
            random,
            // The reserve covers the longest attempt of any router (a Route 53 shift waits for
            // INSYNC), so the function's timeout never cuts an attempt off.
            RetrySchedule.DEFAULTS.coveringAttemptsOf(routers),
            new RouterThreads(RouterThreads.DEFAULT_MAX_THREADS));
    return new PromotionWiring(topology, new PromotionService(topology, ports, time), batons);
  }

  /**
   * Where tokens come from: a Secrets Manager ARN is read from Secrets Manager (cached for {@link
   * #SECRET_TTL}); anything else is an environment variable name or {@code file:/path} (local).
   */
  public static SecretSource secrets(Map<String, String> env, AwsClients aws) {
    return new ReferencedSecretSource(
        () -> new SecretsManagerSecretSource(aws.secretsManager(), Clock.systemUTC(), SECRET_TTL),
        new EnvironmentSecretSource(env));
  }

  static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is required (see the README, section Deploying)");
    }
    return value.strip();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
