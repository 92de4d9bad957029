package dev.baton.drill.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.Baton;
import dev.baton.drill.scenario.DrillAction;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import dev.baton.drill.scenario.Target;
import dev.baton.drill.timeline.WorldSample;
import dev.baton.local.world.AwsGateway;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Three monitor regions on a strongly consistent (MRSC) control table, on the real local stack
 * (moto, the gateway's emulation of the table, the real agents and functions): agents use their
 * nearest replica and switch when it is isolated, each monitor reaches the table through its own
 * region, and the remaining monitors fail over once. One stack serves every test, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StrongStackIT {
  private static final String SCENARIO =
      """
      name: strong-stack
      aws:
        monitorRegions: [us-east-1, us-east-2, eu-west-1]
      regions:
        - {name: nyc1, priority: 0, awsRegion: us-east-1, instances: 2}
        - {name: ams3, priority: 1, awsRegion: eu-west-1, instances: 1}
      timings: {heartbeatInterval: 2s, staleAfter: 5s, failAfter: 6s, startupGrace: 4s}
      agent: {fenceAfter: 4s}
      duration: 60s
      timeline: []
      expect: [no-promotion]
      """;

  private Scenario scenario;
  private LocalDrillStack stack;

  @BeforeAll
  void start() {
    scenario = new ScenarioParser().parse(SCENARIO, "strong-stack.yaml", null);
    Path out = Path.of("target", "strong-stack-it");
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
  void agentsUseTheirNearestReplicaAndEveryMonitorItsOwnRegion() {
    awaitTrue("every agent active or standby", Duration.ofSeconds(20), this::everyAgentDecided);
    assertThat(role("nyc1-1")).isEqualTo(WorldSample.ACTIVE);
    assertThat(role("ams3-1")).isEqualTo("standby");
    assertThat(forwarded("nyc1", "us-east-1")).isPositive();
    assertThat(forwarded("ams3", "eu-west-1")).isPositive();
    assertThat(forwarded("nyc1", "us-east-2")).as("no failed replica yet").isZero();
    for (String region : scenario.aws().monitorRegions()) {
      assertThat(forwarded(AwsGateway.awsSite(region), region))
          .as("the readiness check of the monitor in %s went through %s", region, region)
          .isPositive();
    }
  }

  @Test
  @Order(2)
  void anIsolatedReplicaRegionIsLeftForTheNextAndCommandsGoToAnotherMonitor() {
    stack.applyWorld(new DrillAction.IsolateAwsRegion("us-east-1"));
    try {
      long before = forwarded("nyc1", "us-east-2");
      pause(scenario.fenceAfter().plusSeconds(2));
      assertThat(role("nyc1-1")).as("nyc1 confirms its role through us-east-2").isEqualTo("active");
      assertThat(role("nyc1-2")).isEqualTo("active");
      assertThat(forwarded("nyc1", "us-east-2")).isGreaterThan(before);
      try (DynamoDbClient own = noRetries(AwsGateway.awsSite("us-east-1"), "us-east-1")) {
        assertThatThrownBy(() -> readBaton(own))
            .as("the isolated region's own functions have no quorum either")
            .isInstanceOf(SdkClientException.class);
      }
      try (DynamoDbClient other = noRetries(AwsGateway.awsSite("eu-west-1"), "eu-west-1")) {
        assertThat(readBaton(other)).containsKey("epoch");
      }
      assertThat(stack.operator().send("{\"action\":\"readiness\"}"))
          .contains("\"outcome\":\"ready\"");
    } finally {
      stack.applyWorld(new DrillAction.RestoreAwsRegion("us-east-1"));
    }
  }

  @Test
  @Order(3)
  void theMonitorsFailOverOnceWhenTheActiveAppStops() {
    stack.startMonitor();
    // Past the monitors' startup grace before the fault, as in a drill.
    pause(scenario.timings().startupGrace().plusSeconds(1));
    stack.fleet().apply(new DrillAction.StopApp(new Target("nyc1", 0)));
    awaitTrue(
        "ams3 holds the baton",
        Duration.ofSeconds(40),
        () -> baton().map(b -> b.activeRegion().equals("ams3")).orElse(false));
    long epoch = baton().orElseThrow().epoch();
    pause(scenario.timings().failAfter());
    assertThat(baton().orElseThrow().epoch()).as("one promotion, three monitors").isEqualTo(epoch);
    // Every monitor may ask at once: exactly one claim wins and moves the traffic; a monitor
    // that asked as well is answered "not acting: epoch moved" and touched no provider.
    List<PromotionRecord> promotions = stack.table().read(10).promotions();
    assertThat(promotions)
        .filteredOn(p -> p.status() == PromotionStatus.SUCCEEDED)
        .singleElement()
        .satisfies(p -> assertThat(p.epoch()).isEqualTo(epoch));
    assertThat(promotions)
        .filteredOn(p -> p.status() != PromotionStatus.SUCCEEDED)
        .allSatisfy(
            p -> {
              assertThat(p.status()).isEqualTo(PromotionStatus.SUPERSEDED);
              assertThat(p.steps())
                  .filteredOn(step -> step.name().equals("claim"))
                  .singleElement()
                  .satisfies(claim -> assertThat(claim.detail()).contains("epoch moved"));
              assertThat(p.steps())
                  .filteredOn(step -> !step.name().equals("validate"))
                  .filteredOn(step -> !step.name().equals("claim"))
                  .allSatisfy(step -> assertThat(step.status()).isEqualTo(StepStatus.PENDING));
            });
  }

  private Map<String, AttributeValue> readBaton(DynamoDbClient client) {
    return client
        .getItem(
            b ->
                b.tableName(LocalDrillStack.TABLE)
                    .consistentRead(true)
                    .key(
                        Map.of(
                            "pk", AttributeValue.fromS("BATON"),
                            "sk", AttributeValue.fromS("ACTIVE"))))
        .item();
  }

  private DynamoDbClient noRetries(String site, String region) {
    return DynamoDbClient.builder()
        .endpointOverride(stack.world().path(site, region))
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("drill", "drill")))
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
        .build();
  }

  private Optional<Baton> baton() {
    return stack.table().read(10).baton();
  }

  private long forwarded(String site, String awsRegion) {
    return stack.world().pathStats(site, awsRegion).forwarded();
  }

  private boolean everyAgentDecided() {
    return stack.sampleWorld().agents().values().stream()
        .allMatch(a -> a.role().equals("active") || a.role().equals("standby"));
  }

  private String role(String instance) {
    return stack.sampleWorld().agents().get(instance).role();
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
