package dev.baton.drill.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.drill.scenario.DrillAction;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import dev.baton.drill.timeline.WorldSample;
import dev.baton.drill.world.PublicEndpoints;
import dev.baton.local.world.AwsGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The replicated world of a drill on the real local stack (moto, three replicas, the replicator,
 * the network paths, the public endpoints, the real agents): each fault does what docs/drills.md
 * says, seen from the parts a user would look at. One stack serves every test, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedStackIT {
  private static final String SCENARIO =
      """
      name: replicated-stack
      aws:
        home: us-east-2
        replicas: [us-east-1, us-east-2, eu-west-1]
      regions:
        - {name: nyc1, priority: 0, awsRegion: us-east-1, instances: 2}
        - {name: ams3, priority: 1, awsRegion: eu-west-1, instances: 1}
      timings: {heartbeatInterval: 2s, staleAfter: 5s, failAfter: 6s, startupGrace: 8s}
      agent: {fenceAfter: 4s}
      duration: 60s
      timeline: []
      expect: [no-promotion]
      """;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Scenario scenario;
  private LocalDrillStack stack;

  @BeforeAll
  void start() {
    scenario = new ScenarioParser().parse(SCENARIO, "replicated-stack.yaml", null);
    Path out = Path.of("target", "replicated-stack-it");
    JulLogging.toFile(out.resolve("drill.log"));
    stack = LocalDrillStack.start(scenario, out, InProcessFunctions::new);
    stack.fleet().startAgents(scenario.timings().heartbeatInterval());
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void agentsWriteToTheAuthorityAndTheBeatsReplicateEverywhere() {
    awaitTrue("every agent active or standby", Duration.ofSeconds(20), this::everyAgentDecided);
    for (String replica : scenario.aws().replicas()) {
      awaitTrue(
          "nyc1-1 and ams3-1 beats in " + replica,
          Duration.ofSeconds(20),
          () -> hasBeat(replica, "nyc1-1") && hasBeat(replica, "ams3-1"));
    }
    WorldSample sample = stack.sampleWorld();
    assertThat(sample.agents().get("nyc1-1").role()).isEqualTo(WorldSample.ACTIVE);
    assertThat(sample.agents().get("ams3-1").role()).isEqualTo("standby");
    assertThat(sample.routers())
        .containsOnly(Map.entry("do-global-lb", "nyc1"), Map.entry("cloudflare-dns", "nyc1"));
  }

  @Test
  @Order(2)
  void aPartitionCutsOnlyThatPathAndTheCutOffAgentsFence() {
    // Cut from its nearest replica only: agents talk to the authority (home), nothing changes.
    stack.applyWorld(new DrillAction.Partition("ams3", "eu-west-1"));
    pause(scenario.fenceAfter().plusSeconds(1));
    assertThat(role("ams3-1")).as("cut from eu-west-1 only").isEqualTo("standby");
    stack.applyWorld(new DrillAction.Heal("ams3", "eu-west-1"));
    // Cut from the authority: the agents cannot confirm their role, and fence.
    stack.applyWorld(new DrillAction.Partition("ams3", "us-east-2"));
    try {
      awaitTrue("ams3-1 fenced", Duration.ofSeconds(20), () -> role("ams3-1").equals("fenced"));
      assertThat(role("nyc1-1")).isEqualTo(WorldSample.ACTIVE);
    } finally {
      stack.applyWorld(new DrillAction.Heal("ams3", "us-east-2"));
    }
    awaitTrue(
        "ams3-1 standby again", Duration.ofSeconds(20), () -> role("ams3-1").equals("standby"));
  }

  @Test
  @Order(3)
  void throttlingAnswersDynamoDbsThrottlingErrorOnThatReplicaOnly() {
    stack.applyWorld(new DrillAction.ThrottleStore("us-east-1", 1));
    try (DynamoDbClient nyc1 = noRetries("nyc1", "us-east-1");
        DynamoDbClient ams3 = noRetries("ams3", "eu-west-1")) {
      SdkException e = getBaton(nyc1);
      assertThat(e).isInstanceOf(DynamoDbException.class);
      assertThat(((DynamoDbException) e).isThrottlingException()).as("throttling: %s", e).isTrue();
      assertThat(getBaton(ams3)).isNull();
      stack.applyWorld(new DrillAction.ThrottleStore("us-east-1", 0));
      assertThat(getBaton(nyc1)).isNull();
    }
  }

  @Test
  @Order(4)
  void aStalledReplicaKeepsItsWritesAndGetsNothingUntilHealed() {
    stack.applyWorld(new DrillAction.StallReplication("eu-west-1"));
    try (DynamoDbClient amsLocal = noRetries("ams3", "eu-west-1")) {
      String before = item("eu-west-1", "HB#nyc1", "nyc1-1", "seq");
      // A write made in the stalled replica (the app's data path, say) stays there.
      amsLocal.putItem(
          b ->
              b.tableName(LocalDrillStack.TABLE)
                  .item(
                      Map.of(
                          "pk", AttributeValue.fromS("TEST#stall"),
                          "sk", AttributeValue.fromS("local"),
                          "seq", AttributeValue.fromN("1"))));
      pause(Duration.ofSeconds(5));
      assertThat(item("eu-west-1", "HB#nyc1", "nyc1-1", "seq"))
          .as("nyc1's beats stop arriving in the stalled replica")
          .isEqualTo(before);
      assertThat(item("us-east-2", "TEST#stall", "local", "seq"))
          .as("a write made in the stalled replica stops leaving it")
          .isEmpty();
      assertThat(role("ams3-1"))
          .as("agents talk to the authority: the stall changes nothing for them")
          .isEqualTo("standby");
      stack.applyWorld(new DrillAction.HealReplication("eu-west-1"));
      awaitTrue(
          "writes flow again",
          Duration.ofSeconds(10),
          () ->
              !before.equals(item("eu-west-1", "HB#nyc1", "nyc1-1", "seq"))
                  && "1".equals(item("us-east-2", "TEST#stall", "local", "seq")));
    }
  }

  @Test
  @Order(5)
  void aLaggedReplicaGetsEveryWriteOnlyAfterTheLag() {
    stack.applyWorld(new DrillAction.LagReplication("eu-west-1", Duration.ofSeconds(3)));
    // Beats are written in the authority (us-east-2) and replicate out from there.
    String written = item("us-east-2", "HB#nyc1", "nyc1-1", "seq");
    awaitTrue(
        "a newer nyc1-1 beat in us-east-2",
        Duration.ofSeconds(10),
        () -> !item("us-east-2", "HB#nyc1", "nyc1-1", "seq").equals(written));
    String newer = item("us-east-2", "HB#nyc1", "nyc1-1", "seq");
    long seen = System.nanoTime();
    awaitTrue(
        "the beat in eu-west-1",
        Duration.ofSeconds(15),
        () ->
            Long.parseLong(item("eu-west-1", "HB#nyc1", "nyc1-1", "seq")) >= Long.parseLong(newer));
    Duration took = Duration.ofNanos(System.nanoTime() - seen);
    assertThat(took)
        .as("a write into eu-west-1 takes the 3 s lag")
        .isGreaterThan(Duration.ofMillis(2500));
    stack.applyWorld(new DrillAction.LagReplication("eu-west-1", Duration.ZERO));
  }

  @Test
  @Order(6)
  void aCutIngressRefusesUsersButNotTheRegionsAgents() {
    PublicEndpoints endpoints = stack.world().endpoints();
    assertThat(get(endpoints.url(PublicEndpoints.INTERNET, "nyc1"))).startsWith("200 ok nyc1-");
    stack.applyWorld(new DrillAction.CutIngress("nyc1"));
    assertThat(get(endpoints.url(PublicEndpoints.INTERNET, "nyc1"))).isEqualTo("refused");
    assertThat(get(endpoints.url("ams3", "nyc1"))).isEqualTo("refused");
    pause(scenario.timings().heartbeatInterval().multipliedBy(2));
    assertThat(role("nyc1-1")).isEqualTo(WorldSample.ACTIVE);
    stack.applyWorld(new DrillAction.RestoreIngress("nyc1"));
    stack.applyWorld(new DrillAction.CutEgress("ams3"));
    assertThat(get(endpoints.url("ams3", "nyc1"))).isEqualTo("refused");
    assertThat(get(endpoints.url(PublicEndpoints.INTERNET, "nyc1"))).startsWith("200 ok nyc1-");
    stack.applyWorld(new DrillAction.RestoreEgress("ams3"));
    assertThat(get(endpoints.url("ams3", "nyc1"))).startsWith("200 ok nyc1-");
  }

  @Test
  @Order(7)
  void anIsolatedHomeRegionStopsTheMonitorAndCommandsCannotReachIt() {
    stack.startMonitor();
    stack.applyWorld(new DrillAction.IsolateAwsRegion("us-east-2"));
    String answer = stack.operator().send("{\"action\":\"readiness\"}");
    assertThat(answer).contains("\"outcome\":\"unreachable\"").contains("us-east-2");
    try (DynamoDbClient nyc1 = noRetries("nyc1", "us-east-2")) {
      assertThat(getBaton(nyc1)).as("nothing reaches an isolated region").isNotNull();
    }
    try (DynamoDbClient home = noRetries(AwsGateway.awsSite("us-east-2"), "us-east-2")) {
      assertThat(getBaton(home)).as("its own functions still reach their replica").isNull();
    }
    stack.applyWorld(new DrillAction.RestoreAwsRegion("us-east-2"));
    assertThat(stack.operator().send("{\"action\":\"readiness\"}"))
        .contains("\"outcome\":\"ready\"");
  }

  private boolean everyAgentDecided() {
    return stack.sampleWorld().agents().values().stream()
        .allMatch(a -> a.role().equals("active") || a.role().equals("standby"));
  }

  private String role(String instance) {
    return stack.sampleWorld().agents().get(instance).role();
  }

  private boolean hasBeat(String replica, String instance) {
    return !item(replica, "HB#" + instance.substring(0, 4), instance, "seq").isEmpty();
  }

  /** One attribute of one item, read directly from a replica ("" when absent). */
  private String item(String replica, String pk, String sk, String attribute) {
    try (DynamoDbClient direct = direct(replica)) {
      Map<String, AttributeValue> item =
          direct
              .getItem(
                  b ->
                      b.tableName(LocalDrillStack.TABLE)
                          .key(
                              Map.of(
                                  "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))))
              .item();
      AttributeValue value = item == null ? null : item.get(attribute);
      return value == null ? "" : value.n() != null ? value.n() : value.s();
    }
  }

  private DynamoDbClient direct(String region) {
    return client(stack.resources().clients().settings().endpoint(), region);
  }

  private DynamoDbClient noRetries(String site, String region) {
    return client(stack.world().path(site, region), region);
  }

  private static DynamoDbClient client(URI endpoint, String region) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("drill", "drill")))
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
        .build();
  }

  /** The error of reading the baton, or null when the read succeeded. */
  private static SdkException getBaton(DynamoDbClient client) {
    try {
      client.getItem(
          b ->
              b.tableName(LocalDrillStack.TABLE)
                  .key(
                      Map.of(
                          "pk",
                          AttributeValue.fromS("BATON"),
                          "sk",
                          AttributeValue.fromS("ACTIVE"))));
      return null;
    } catch (SdkException e) {
      return e;
    }
  }

  private String get(URI url) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (IOException e) {
      return "refused";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      pause(Duration.ofMillis(100));
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
