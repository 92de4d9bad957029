package dev.baton.drill.run;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.config.DurationText;
import dev.baton.domain.Baton;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import dev.baton.drill.droplet.DropletSettings;
import dev.baton.drill.droplet.Fleet;
import dev.baton.drill.droplet.ReplicaPath;
import dev.baton.drill.droplet.SimulatedDroplet;
import dev.baton.drill.scenario.AwsSide;
import dev.baton.drill.scenario.DrillAction;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioRegion;
import dev.baton.drill.timeline.WorldSample;
import dev.baton.drill.world.DrillWorld;
import dev.baton.drill.world.PublicEndpoints;
import dev.baton.drill.world.SiteOutsideProber;
import dev.baton.local.BatonTable;
import dev.baton.local.MotoServer;
import dev.baton.local.Schedule;
import dev.baton.local.StreamPoller;
import dev.baton.local.world.AwsGateway;
import dev.baton.local.world.Replicator;
import dev.baton.promotion.InProcessPromotionChannel;
import dev.baton.promotion.PromotionChannel;
import dev.baton.routing.ProviderSettings;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.TableReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The whole of Baton on this machine for one drill: moto (from the project's venv) with the table
 * created from template.yaml, the topic and the provider tokens in Secrets Manager; the
 * DigitalOcean and Cloudflare fakes holding the deployment's load balancers and DNS records; the
 * baton placed on the best-priority region; the simulated droplets; and the three functions, driven
 * as Lambda drives them: a stream poller, a (scaled) one-minute schedule, an asynchronous invoker.
 */
public final class LocalDrillStack implements DrillStack {
  private static final Logger LOG = LoggerFactory.getLogger(LocalDrillStack.class);
  static final String TABLE = "baton-drill";
  static final String DO_TOKEN = "drill-do-token";
  static final String CF_TOKEN = "drill-cf-token";

  private final Deque<AutoCloseable> closing = new ArrayDeque<>();
  private final Scenario scenario;
  private final Function<StackResources, DrillFunctions> functionsFactory;

  /** The seed of the world's random choices (replication delays, throttled calls). */
  private static final long SEED = 20261204L;

  private static final Duration REPLICATION_SETTLE = Duration.ofSeconds(30);
  private static final Duration PUBLIC_BACKEND_TIMEOUT = Duration.ofSeconds(1);
  private final Map<String, DynamoDbClient> replicas = new LinkedHashMap<>();
  private MotoServer moto;
  private AwsGateway gateway;
  private DrillWorld world;
  private StreamPoller monitorStream;
  private AwsClients clients;
  private DynamoDbClient dynamo;
  private String streamArn;
  private ProviderFakes providers;
  private Fleet fleet;
  private DrillFunctions functions;
  private AsyncPromotionInvoker invoker;
  private StackResources resources;
  private TableReader reader;
  private Route53Client route53;
  private String route53Zone;
  private String route53Record;

  private LocalDrillStack(Scenario scenario, Function<StackResources, DrillFunctions> functions) {
    this.scenario = scenario;
    this.functionsFactory = functions;
  }

  /**
   * Starts everything but the monitor.
   *
   * @param workDir where the topology document and the agents' state files go
   * @param functions builds the three functions from what the stack made
   * @throws IllegalStateException when a part cannot start (everything started is stopped again)
   */
  public static LocalDrillStack start(
      Scenario scenario, Path workDir, Function<StackResources, DrillFunctions> functions) {
    LocalDrillStack stack = new LocalDrillStack(scenario, functions);
    try {
      stack.startParts(workDir);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw new IllegalStateException("the local stack did not start: " + e.getMessage(), e);
    }
  }

  private void startParts(Path workDir) {
    AwsSide aws = scenario.aws();
    String home = aws.home();
    // moto accepts any credentials; these keep the SDK from looking for real ones.
    System.setProperty("aws.accessKeyId", "drill");
    System.setProperty("aws.secretAccessKey", "drill");
    System.setProperty("aws.region", home);
    moto = remember(MotoServer.start());
    gateway = remember(AwsGateway.start(moto.endpoint(), SEED));
    // The drill's own view (the watcher, the table setup) reads the replicas directly: it observes
    // the world and is subject to none of its faults.
    for (String region : aws.replicas()) {
      DynamoDbClient direct =
          remember(new AwsClients(AwsSettings.emulator(region, moto.endpoint())).dynamoDb());
      BatonTable created = BatonTable.create(direct, TABLE);
      replicas.put(region, direct);
      if (region.equals(home)) {
        streamArn = created.streamArn();
      }
    }
    dynamo = replicas.get(home);
    Replicator replicator = null;
    if (aws.replicated()) {
      replicator =
          remember(
              Replicator.builder(moto.endpoint(), TABLE, aws.replicas())
                  .delay(aws.minDelay(), aws.maxDelay())
                  .seed(SEED)
                  .listener(e -> LOG.debug("replication: {}", e.describe()))
                  .start());
    }
    // Baton's functions run in the home region: DynamoDB through their own path to the home
    // replica (so isolating home cuts them off as on AWS), everything else on moto.
    URI functionsDynamo = gateway.endpoint(AwsGateway.awsSite(home), home);
    clients =
        new AwsClients(
            new AwsSettings(
                home,
                moto.endpoint(),
                Map.of("dynamodb", functionsDynamo, "dynamodbstreams", functionsDynamo)));
    SnsClient sns = remember(clients.sns());
    String topicArn = sns.createTopic(b -> b.name("baton-drill")).topicArn();
    SecretsManagerClient secrets = remember(clients.secretsManager());
    String doSecret =
        secrets
            .createSecret(
                CreateSecretRequest.builder().name("baton/do-token").secretString(DO_TOKEN).build())
            .arn();
    String cfSecret =
        secrets
            .createSecret(
                CreateSecretRequest.builder().name("baton/cf-token").secretString(CF_TOKEN).build())
            .arn();
    String active = scenario.initialActiveRegion();
    providers = remember(new ProviderFakes(scenario.regions(), active, DO_TOKEN, CF_TOKEN));
    // Before the topology, which names each region's public health URL (its backends, the fleet's
    // apps, are looked up on every request, so the fleet may come later).
    PublicEndpoints endpoints =
        remember(new PublicEndpoints(publicBackends(), PUBLIC_BACKEND_TIMEOUT));
    Topology topology = topology(active, endpoints);
    Path topologyFile = DrillTopologyFile.write(topology, workDir.resolve("topology.yaml"));
    new DynamoBatonStore(
            dynamo,
            TABLE,
            scenario.policy().flapWindow().plus(scenario.policy().minAutoPromotionGap()))
        .initialize(Baton.initial(active, Clock.systemUTC().instant()));
    if (replicator != null) {
      awaitReplicated(replicator);
    }
    Map<String, String> env = new HashMap<>();
    env.put("BATON_TABLE", TABLE);
    env.put("BATON_TOPOLOGY_FILE", topologyFile.toString());
    env.put("BATON_TOPIC_ARN", topicArn);
    env.put(ProviderSettings.DO_TOKEN_SECRET, doSecret);
    env.put(ProviderSettings.CF_TOKEN_SECRET, cfSecret);
    env.put(ProviderSettings.DO_ENDPOINT, providers.digitalOcean().baseUrl().toString());
    env.put(ProviderSettings.CF_ENDPOINT, providers.cloudflare().baseUrl().toString());
    env.put("BATON_AWS_ENDPOINT", moto.endpoint().toString());
    env.put("BATON_DYNAMODB_ENDPOINT", functionsDynamo.toString());
    env.put("BATON_DYNAMODBSTREAMS_ENDPOINT", functionsDynamo.toString());
    env.put("AWS_REGION", home);
    env.put("BATON_PROMOTION_FUNCTION", "baton-drill-promotion");
    env.put("POWERTOOLS_SERVICE_NAME", "baton-drill");
    env.put("POWERTOOLS_METRICS_NAMESPACE", "Baton");
    FunctionEnvironment.write(env, workDir.resolve(FunctionEnvironment.FILE_NAME));
    invoker = new AsyncPromotionInvoker(json -> functions.promotion(json));
    resources = new StackResources(topology, topologyFile, clients, TABLE, topicArn, env, invoker);
    functions = remember(functionsFactory.apply(resources));
    remember(invoker);
    checkReadiness();
    Path stateDir;
    try {
      stateDir = Files.createDirectories(workDir.resolve("agents"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + workDir.resolve("agents"), e);
    }
    DropletSettings settings =
        new DropletSettings(
            TABLE, scenario.timings().heartbeatInterval(), scenario.fenceAfter(), stateDir);
    fleet =
        remember(
            new Fleet(
                scenario.regions(),
                settings,
                this::replicaPath,
                // Each droplet probes the other regions through its own region's paths to them.
                site -> new SiteOutsideProber(site, endpoints, settings.outsideProbeTimeout())));
    world = new DrillWorld(aws, gateway, replicator, endpoints);
  }

  /** Waits until the baton (and everything else written so far) is in every replica. */
  private static void awaitReplicated(Replicator replicator) {
    try {
      if (!replicator.awaitQuiet(REPLICATION_SETTLE)) {
        throw new IllegalStateException(
            "the baton did not replicate to every replica within "
                + REPLICATION_SETTLE.toSeconds()
                + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the baton replicated", e);
    }
  }

  /**
   * The path from a DigitalOcean region's droplets to the authority (the home replica): agents beat
   * to it and read the baton from it, so a stalled nearest replica cannot keep a region active.
   */
  private ReplicaPath replicaPath(ScenarioRegion region) {
    String authority = scenario.aws().home();
    URI endpoint = gateway.endpoint(region.name(), authority);
    DynamoDbClient client =
        remember(new AwsClients(AwsSettings.emulator(authority, endpoint)).dynamoDb());
    return new ReplicaPath(authority, endpoint, client);
  }

  /** Each region's droplets, behind its public endpoint. */
  private Map<String, Supplier<List<URI>>> publicBackends() {
    Map<String, Supplier<List<URI>>> backends = new LinkedHashMap<>();
    for (ScenarioRegion r : scenario.regions()) {
      backends.put(r.name(), () -> fleet.appUrls(r.name()));
    }
    return backends;
  }

  /**
   * Asks the promotion function for its readiness check, as the sweeper does every minute: a drill
   * whose failover path is broken would measure nothing, so it stops here. It also leaves the
   * function warm, as in a deployment where the sweeper calls it every minute.
   */
  private void checkReadiness() {
    String answer = functions.promotion("{\"action\":\"readiness\"}");
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(answer);
    } catch (IOException e) {
      throw new IllegalStateException("the readiness check answered no JSON: " + answer, e);
    }
    if (!"ready".equals(json.path("outcome").asText())) {
      throw new IllegalStateException("the failover path is not ready: " + answer);
    }
    LOG.info("readiness: {}", answer);
  }

  /**
   * The topology of the drill: the scenario's regions and routers over the fakes' resources; each
   * region's {@code healthUrl} is its public endpoint as the internet (users, the monitor in AWS)
   * reaches it.
   */
  private Topology topology(String active, PublicEndpoints endpoints) {
    List<RegionConfig> regions = new ArrayList<>();
    for (ScenarioRegion r : scenario.regions()) {
      regions.add(
          new RegionConfig(
              r.name(),
              r.priority(),
              r.awsRegion(),
              providers.loadBalancerId(r.name()),
              providers.publicAddress(r.name()),
              endpoints.url(PublicEndpoints.INTERNET, r.name()).toString()));
    }
    List<RouterConfig> routers = new ArrayList<>();
    for (String type : scenario.routers()) {
      routers.add(
          switch (type) {
            case "do-global-lb" ->
                new RouterConfig(type, Map.of("loadBalancerId", providers.globalLoadBalancerId()));
            case "do-dns" ->
                new RouterConfig(
                    type,
                    Map.of(
                        "domain",
                        ProviderFakes.DOMAIN,
                        "recordName",
                        ProviderFakes.RECORD,
                        "type",
                        "A",
                        "ttl",
                        "60"));
            case "cloudflare-dns" ->
                new RouterConfig(
                    type,
                    Map.of(
                        "zone",
                        ProviderFakes.DOMAIN,
                        "recordName",
                        ProviderFakes.RECORD,
                        "type",
                        "A",
                        "ttl",
                        "60",
                        "proxied",
                        "false"));
            default ->
                new RouterConfig(
                    type,
                    Map.of(
                        "hostedZoneId", hostedZone(),
                        "recordName", ProviderFakes.RECORD + "." + ProviderFakes.DOMAIN,
                        "type", "A",
                        "ttl", "60",
                        "pollIntervalSeconds", "1"));
          });
    }
    LOG.info(
        "drill topology: {} regions, routers {}, {} active",
        regions.size(),
        scenario.routers(),
        active);
    return new Topology("drill", regions, routers, scenario.timings(), scenario.policy());
  }

  private String hostedZone() {
    route53 = remember(clients.route53());
    String id =
        route53
            .createHostedZone(
                CreateHostedZoneRequest.builder()
                    .name(ProviderFakes.DOMAIN)
                    .callerReference("baton-drill-" + System.nanoTime())
                    .build())
            .hostedZone()
            .id();
    route53Zone = id.substring(id.lastIndexOf('/') + 1);
    route53Record = ProviderFakes.RECORD + "." + ProviderFakes.DOMAIN;
    return route53Zone;
  }

  @Override
  public synchronized TableReader table() {
    if (reader == null) {
      reader = new TableReader(dynamo, TABLE, Clock.systemUTC());
    }
    return reader;
  }

  @Override
  public Fleet fleet() {
    return fleet;
  }

  @Override
  public WorldSample sampleWorld() {
    Map<String, WorldSample.AgentRole> agents = new LinkedHashMap<>();
    for (SimulatedDroplet d : fleet.droplets()) {
      var snapshot = d.role();
      String role =
          WorldSample.roleWord(snapshot.isPresent(), snapshot.map(r -> r.role()).orElse(null));
      agents.put(d.instanceId(), new WorldSample.AgentRole(d.region(), role));
    }
    Map<String, String> routers = new LinkedHashMap<>(providers.targets());
    if (route53Record != null) {
      routers.put("route53", route53Target());
    }
    Map<String, String> configured = new LinkedHashMap<>();
    for (String type : scenario.routers()) {
      configured.put(type, routers.getOrDefault(type, "?"));
    }
    return new WorldSample(agents, configured);
  }

  /** The Route 53 record's value, as a region (moto answers at once; a failed read is "?"). */
  private String route53Target() {
    try {
      return route53
          .listResourceRecordSets(b -> b.hostedZoneId(route53Zone))
          .resourceRecordSets()
          .stream()
          .filter(r -> r.name().equals(route53Record + "."))
          .flatMap(r -> r.resourceRecords().stream())
          .map(r -> providers.regionOf(r.value()))
          .findFirst()
          .orElse("?");
    } catch (RuntimeException e) {
      LOG.debug("reading the Route 53 record failed: {}", e.toString());
      return "?";
    }
  }

  @Override
  public PromotionChannel operator() {
    return new InProcessPromotionChannel(
        json -> {
          if (!world.monitorRuns()) {
            // What `baton` reports when the invoke cannot reach the function (its exit code 4).
            return "{\"outcome\":\"unreachable\",\"reason\":\"the promotion function's region "
                + scenario.aws().home()
                + " is isolated\"}";
          }
          return functions.promotion(json);
        },
        "in-process promotion handler");
  }

  @Override
  public String applyWorld(DrillAction.WorldAction action) {
    String done = world.apply(action);
    if (monitorStream != null) {
      if (world.monitorRuns()) {
        monitorStream.resume();
      } else {
        monitorStream.pause();
      }
    }
    return done;
  }

  /** The world's faults and paths (for tests). */
  public DrillWorld world() {
    return world;
  }

  @Override
  public ProviderFaults providers() {
    return providers;
  }

  @Override
  public List<String> problems() {
    return providers == null
        ? List.of()
        : providers.contractViolations().stream().map(v -> "contract violation: " + v).toList();
  }

  /** The provider fakes (contract violations, resources). */
  public ProviderFakes providerFakes() {
    return providers;
  }

  public StackResources resources() {
    return resources;
  }

  @Override
  public void startMonitor() {
    // Lambda's event source mapping runs inside AWS, next to the home replica's stream.
    DynamoDbStreamsClient streams =
        remember(
            new AwsClients(AwsSettings.emulator(scenario.aws().home(), moto.endpoint()))
                .dynamoDbStreams());
    monitorStream =
        remember(
            StreamPoller.builder(streams, streamArn, functions::healthTransition)
                .heartbeatsOnly()
                // Lambda's stream delays, sped up with everything else by the scenario's scale, so
                // a
                // scaled drill keeps the proportions of the real one.
                .batchingWindow(
                    DurationText.scale(StreamPoller.TEMPLATE_BATCHING_WINDOW, scenario.scale()))
                .pollInterval(
                    DurationText.scale(StreamPoller.LAMBDA_POLL_INTERVAL, scenario.scale()))
                .startingPosition(StreamPoller.StartingPosition.LATEST)
                .onDelivery(
                    d ->
                        LOG.info(
                            "stream batch of {} records from {} (attempt {}){}",
                            d.sequenceNumbers().size(),
                            d.shardId(),
                            d.attempt(),
                            d.handlerError() == null
                                ? ""
                                : ", handler failed: " + d.handlerError()))
                .start());
    if (!world.monitorRuns()) {
      monitorStream.pause();
    }
    // EventBridge's rate(1 minute), sped up by the scenario's scale.
    double timeScale =
        Duration.ofMinutes(1).toNanos() / (double) scenario.sweepInterval().toNanos();
    Schedule schedule =
        remember(
            Schedule.every(
                Duration.ofMinutes(1),
                timeScale,
                (ScheduledEvent e) -> {
                  if (world.monitorRuns()) {
                    functions.staleSweep(e);
                  } else {
                    LOG.info("sweep skipped: {} is isolated", scenario.aws().home());
                  }
                }));
    schedule.start();
  }

  private <T extends AutoCloseable> T remember(T resource) {
    closing.push(resource);
    return resource;
  }

  @Override
  public void close() {
    while (!closing.isEmpty()) {
      AutoCloseable c = closing.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
