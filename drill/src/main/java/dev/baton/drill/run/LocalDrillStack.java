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

  /**
   * On a strongly consistent table, how long after one region's write to an item another region's
   * write to it still conflicts (besides while it is in flight): the time an MRSC write takes to
   * reach a second region, a few tens of milliseconds between nearby regions.
   */
  static final Duration CONFLICT_WINDOW = Duration.ofMillis(20);

  private static final Duration PUBLIC_BACKEND_TIMEOUT = Duration.ofSeconds(1);
  private final Map<String, DynamoDbClient> replicas = new LinkedHashMap<>();
  private MotoServer moto;
  private AwsGateway gateway;
  private DrillWorld world;
  private DynamoDbClient dynamo;
  private String streamArn;
  private ProviderFakes providers;
  private Fleet fleet;
  // The monitors, one per monitor region (the home one first), and what home's was made with.
  private final Map<String, Monitor> monitors = new LinkedHashMap<>();
  private StackResources resources;
  private TableReader reader;
  private Route53Client route53;
  private String route53Zone;
  private String route53Record;

  /**
   * Baton's functions in one AWS region: what the stack made for them, the three functions, the
   * invoker their stream function hands promotion requests to (this region's promotion function),
   * and, once the monitor starts, the stream poller driving the stream function.
   */
  private static final class Monitor {
    final String awsRegion;
    final StackResources resources;
    final DrillFunctions functions;
    StreamPoller stream;

    Monitor(String awsRegion, StackResources resources, DrillFunctions functions) {
      this.awsRegion = awsRegion;
      this.resources = resources;
      this.functions = functions;
    }
  }

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
    // A strongly consistent (MRSC) table has one linearizable copy: it lives in home's moto table,
    // and every replica region's path reads and writes it (the gateway).
    for (String region : aws.strong() ? List.of(home) : aws.replicas()) {
      DynamoDbClient direct =
          remember(new AwsClients(AwsSettings.emulator(region, moto.endpoint())).dynamoDb());
      BatonTable created = BatonTable.create(direct, TABLE);
      replicas.put(region, direct);
      if (region.equals(home)) {
        streamArn = created.streamArn();
      }
    }
    dynamo = replicas.get(home);
    if (aws.strong()) {
      gateway.emulateStrongTable(
          home,
          aws.monitorRegions(),
          BatonTable.definition().keySchema().stream().map(k -> k.attributeName()).toList(),
          CONFLICT_WINDOW);
    }
    Replicator replicator = null;
    if (aws.replicated() && !aws.strong()) {
      replicator =
          remember(
              Replicator.builder(moto.endpoint(), TABLE, aws.replicas())
                  .delay(aws.minDelay(), aws.maxDelay())
                  .seed(SEED)
                  .listener(e -> LOG.debug("replication: {}", e.describe()))
                  .start());
    }
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
    // Baton's functions run in every monitor region (home alone unless the table is strongly
    // consistent), each with its own topic and secrets, as each region's stack has.
    for (String region : aws.monitorRegions()) {
      Monitor monitor = startFunctions(region, topology, topologyFile);
      monitors.put(region, monitor);
      if (region.equals(home)) {
        FunctionEnvironment.write(
            monitor.resources.environment(), workDir.resolve(FunctionEnvironment.FILE_NAME));
        resources = monitor.resources;
      }
    }
    for (Monitor m : monitors.values()) {
      checkReadiness(m);
    }
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
                this::controlPaths,
                // Each droplet probes the other regions through its own region's paths to them.
                site -> new SiteOutsideProber(site, endpoints, settings.outsideProbeTimeout())));
    world = new DrillWorld(aws, gateway, replicator, endpoints);
  }

  /**
   * Baton's three functions in {@code region}: DynamoDB through their own path to that region's
   * replica (so isolating the region cuts them off as on AWS), everything else on moto in that
   * region; the stream function's promotion requests go to this region's promotion function.
   */
  private Monitor startFunctions(String region, Topology topology, Path topologyFile) {
    URI functionsDynamo = gateway.endpoint(AwsGateway.awsSite(region), region);
    AwsClients regional =
        new AwsClients(
            new AwsSettings(
                region,
                moto.endpoint(),
                Map.of("dynamodb", functionsDynamo, "dynamodbstreams", functionsDynamo)));
    SnsClient sns = remember(regional.sns());
    String topicArn = sns.createTopic(b -> b.name("baton-drill")).topicArn();
    SecretsManagerClient secrets = remember(regional.secretsManager());
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
    env.put("AWS_REGION", region);
    env.put("BATON_PROMOTION_FUNCTION", "baton-drill-promotion");
    env.put("POWERTOOLS_SERVICE_NAME", "baton-drill");
    env.put("POWERTOOLS_METRICS_NAMESPACE", "Baton");
    DrillFunctions[] own = new DrillFunctions[1];
    AsyncPromotionInvoker invoker = new AsyncPromotionInvoker(json -> own[0].promotion(json));
    StackResources made =
        new StackResources(topology, topologyFile, regional, TABLE, topicArn, env, invoker);
    own[0] = remember(functionsFactory.apply(made));
    remember(invoker);
    return new Monitor(region, made, own[0]);
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
   * The paths from a DigitalOcean region's droplets to the control table. On a strongly consistent
   * table, one to each replica, nearest first (the region's own {@code awsRegion}, then the other
   * monitor regions in the scenario's order): any replica answers with the latest write, so agents
   * switch to the next when one fails. Otherwise one, to the authority (the home replica): agents
   * beat to it and read the baton from it, so a stalled nearest replica cannot keep a region
   * active.
   */
  private List<ReplicaPath> controlPaths(ScenarioRegion region) {
    AwsSide aws = scenario.aws();
    List<String> order = new ArrayList<>();
    if (aws.strong()) {
      if (aws.monitorRegions().contains(region.awsRegion())) {
        order.add(region.awsRegion());
      }
      aws.monitorRegions().stream().filter(r -> !order.contains(r)).forEach(order::add);
    } else {
      order.add(aws.home());
    }
    List<ReplicaPath> paths = new ArrayList<>();
    for (String awsRegion : order) {
      URI endpoint = gateway.endpoint(region.name(), awsRegion);
      DynamoDbClient client =
          remember(new AwsClients(AwsSettings.emulator(awsRegion, endpoint)).dynamoDb());
      paths.add(new ReplicaPath(awsRegion, endpoint, client));
    }
    return paths;
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
  private void checkReadiness(Monitor monitor) {
    String answer = monitor.functions.promotion("{\"action\":\"readiness\"}");
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(answer);
    } catch (IOException e) {
      throw new IllegalStateException("the readiness check answered no JSON: " + answer, e);
    }
    if (!"ready".equals(json.path("outcome").asText())) {
      throw new IllegalStateException(
          "the failover path in " + monitor.awsRegion + " is not ready: " + answer);
    }
    LOG.info("readiness in {}: {}", monitor.awsRegion, answer);
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
    // Route 53 is global: the home region's client, straight to moto.
    route53 =
        remember(
            new AwsClients(AwsSettings.emulator(scenario.aws().home(), moto.endpoint())).route53());
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
          // The operator invokes the first monitor region that is reachable (home first).
          for (Monitor m : monitors.values()) {
            if (world.functionsRunIn(m.awsRegion)) {
              return m.functions.promotion(json);
            }
          }
          // What `baton` reports when the invoke cannot reach the function (its exit code 4).
          return "{\"outcome\":\"unreachable\",\"reason\":\"the promotion function's region"
              + (monitors.size() == 1 ? " " : "s ")
              + String.join(", ", monitors.keySet())
              + (monitors.size() == 1 ? " is" : " are")
              + " isolated\"}";
        },
        "in-process promotion handler");
  }

  @Override
  public String applyWorld(DrillAction.WorldAction action) {
    String done = world.apply(action);
    for (Monitor m : monitors.values()) {
      if (m.stream != null) {
        if (world.functionsRunIn(m.awsRegion)) {
          m.stream.resume();
        } else {
          m.stream.pause();
        }
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
    for (Monitor m : monitors.values()) {
      startMonitor(m);
    }
  }

  /**
   * Drives one region's stream function and sweeper. Lambda's event source mapping runs inside AWS
   * next to the table's stream; on a strongly consistent table every replica's stream is the same,
   * so each monitor region's poller reads the one copy's stream on its own.
   */
  private void startMonitor(Monitor m) {
    DynamoDbStreamsClient streams =
        remember(
            new AwsClients(AwsSettings.emulator(scenario.aws().home(), moto.endpoint()))
                .dynamoDbStreams());
    m.stream =
        remember(
            StreamPoller.builder(streams, streamArn, m.functions::healthTransition)
                .heartbeatsOnly()
                // Lambda's stream delays, sped up with everything else by the scenario's scale, so
                // a scaled drill keeps the proportions of the real one.
                .batchingWindow(
                    DurationText.scale(StreamPoller.TEMPLATE_BATCHING_WINDOW, scenario.scale()))
                .pollInterval(
                    DurationText.scale(StreamPoller.LAMBDA_POLL_INTERVAL, scenario.scale()))
                .startingPosition(StreamPoller.StartingPosition.LATEST)
                .onDelivery(
                    d ->
                        LOG.info(
                            "{}stream batch of {} records from {} (attempt {}){}",
                            monitors.size() == 1 ? "" : m.awsRegion + ": ",
                            d.sequenceNumbers().size(),
                            d.shardId(),
                            d.attempt(),
                            d.handlerError() == null
                                ? ""
                                : ", handler failed: " + d.handlerError()))
                .start());
    if (!world.functionsRunIn(m.awsRegion)) {
      m.stream.pause();
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
                  if (world.functionsRunIn(m.awsRegion)) {
                    m.functions.staleSweep(e);
                  } else {
                    LOG.info("sweep skipped: {} is isolated", m.awsRegion);
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
