package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.drill.run.FunctionEnvironment;
import dev.baton.drill.run.InProcessFunctions;
import dev.baton.drill.run.JulLogging;
import dev.baton.drill.run.LocalDrillStack;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import dev.baton.store.HeartbeatItems;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator commands against a local stack (moto, the provider fakes, the promotion handler
 * in-process), reached the way an operator reaches a running drill: {@code --local
 * target/.../functions.env}. The tests run in order on one stack: each command's effect is checked
 * with {@code baton status}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManualCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIR = Path.of("target", "manual-commands-it");
  private static LocalDrillStack stack;
  private static String functionsEnv;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startStack() {
    JulLogging.toFile(DIR.resolve("stack.log"));
    Scenario scenario =
        new ScenarioParser()
            .parse(
                """
                name: manual-commands
                regions:
                  - {name: nyc1, instances: 1}
                  - {name: ams3, instances: 1}
                duration: 1s
                timeline: []
                """,
                "manual-commands",
                0.2);
    stack = LocalDrillStack.start(scenario, DIR, InProcessFunctions::new);
    functionsEnv = DIR.resolve("functions.env").toString();
    // A move needs a HEALTHY target: let the droplets beat and the monitor judge both regions.
    stack.fleet().startAgents(scenario.timings().heartbeatInterval());
    stack.startMonitor();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, RegionState> states = stack.table().read(0).regionStates();
      if (states.size() == 2
          && states.values().stream().allMatch(r -> r.health() == RegionHealth.HEALTHY)) {
        return;
      }
      pause();
    }
    throw new AssertionError("the monitor did not judge nyc1 and ams3 HEALTHY within 90 s");
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the monitor", e);
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private int baton(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--local";
    all[args.length + 1] = functionsEnv;
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    return BatonCli.run(CliWiring.defaults(Map.of(), o, e), all);
  }

  private JsonNode status() throws Exception {
    out.getBuffer().setLength(0);
    assertThat(baton("status", "--output", "json")).isZero();
    JsonNode json = JSON.readTree(out.toString());
    out.getBuffer().setLength(0);
    return json;
  }

  @Test
  @Order(1)
  void statusShowsTheInitialBaton() throws Exception {
    JsonNode status = status();
    assertThat(status.at("/baton/activeRegion").asText()).isEqualTo("nyc1");
    assertThat(status.at("/baton/epoch").asLong()).isEqualTo(1);
    assertThat(status.at("/baton/mode").asText()).isEqualTo("AUTO");
    assertThat(status.get("promotions")).isEmpty();
  }

  @Test
  @Order(2)
  void switchoverDryRunPlansEveryRequestAndChangesNothing() throws Exception {
    int code =
        baton(
            "switchover",
            "--to",
            "ams3",
            "--reason",
            "planned move",
            "--dry-run",
            "--output",
            "json");
    JsonNode answer = JSON.readTree(out.toString());
    out.getBuffer().setLength(0);
    assertThat(code).as(answer.toString()).isZero();
    assertThat(answer.get("outcome").asText()).isEqualTo("dry-run");
    assertThat(answer.toString())
        .contains("PUT")
        .contains("load_balancers")
        .contains("dns_records");
    JsonNode status = status();
    assertThat(status.at("/baton/activeRegion").asText()).isEqualTo("nyc1");
    assertThat(status.at("/baton/epoch").asLong()).isEqualTo(1);
    assertThat(status.get("promotions")).isEmpty();
  }

  @Test
  @Order(3)
  void switchoverMovesTheBatonAndStatusShowsThePromotion() throws Exception {
    int code = baton("switchover", "--to", "ams3", "--reason", "planned move");
    String table = out.toString();
    out.getBuffer().setLength(0);
    assertThat(code).as(table + err).isZero();
    assertThat(table).startsWith("outcome: promoted\n");
    JsonNode status = status();
    assertThat(status.at("/baton/activeRegion").asText()).isEqualTo("ams3");
    assertThat(status.at("/baton/epoch").asLong()).isEqualTo(2);
    JsonNode promotion = status.get("promotions").get(0);
    assertThat(promotion.get("kind").asText()).isEqualTo("SWITCHOVER");
    assertThat(promotion.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(promotion.get("reason").asText()).isEqualTo("planned move");
    assertThat(baton("status")).isZero();
    assertThat(out.toString()).contains("baton: ams3 is active, epoch 2, mode AUTO");
    out.getBuffer().setLength(0);
  }

  @Test
  @Order(4)
  void freezeAndUnfreezeChangeTheMode() throws Exception {
    assertThat(baton("freeze", "--reason", "migration", "--output", "json")).isZero();
    assertThat(JSON.readTree(out.toString()).get("outcome").asText()).isEqualTo("frozen");
    out.getBuffer().setLength(0);
    assertThat(status().at("/baton/mode").asText()).isEqualTo("FROZEN");
    assertThat(baton("unfreeze", "--reason", "done", "--output", "json")).isZero();
    out.getBuffer().setLength(0);
    assertThat(status().at("/baton/mode").asText()).isEqualTo("AUTO");
  }

  @Test
  @Order(5)
  void aMoveToTheActiveRegionIsRefusedWithItsOwnExitCode() throws Exception {
    int code = baton("failback", "--to", "ams3", "--reason", "already there", "--output", "json");
    JsonNode answer = JSON.readTree(out.toString());
    out.getBuffer().setLength(0);
    assertThat(code).as(answer.toString()).isIn(Outcomes.REJECTED, Outcomes.NOT_ACTING);
    assertThat(answer.get("outcome").asText()).isIn("rejected", "not-acting");
    assertThat(status().at("/baton/epoch").asLong()).isEqualTo(2);
  }

  @Test
  @Order(6)
  void resumeOfAnUnknownPromotionChangesNothing() throws Exception {
    int code = baton("resume", "20261126T000000Z-000000", "--reason", "try", "--output", "json");
    JsonNode answer = JSON.readTree(out.toString());
    out.getBuffer().setLength(0);
    assertThat(code).as(answer.toString()).isIn(Outcomes.REJECTED, Outcomes.NOT_ACTING);
    assertThat(answer.get("outcome").asText()).isIn("rejected", "not-acting");
    assertThat(status().at("/baton/epoch").asLong()).isEqualTo(2);
  }

  @Test
  @Order(7)
  void statusNamesARegionNotInTheTopologyWhoseBeatsBatonIgnores() throws Exception {
    Map<String, String> env = FunctionEnvironment.read(Path.of(functionsEnv));
    Instant now = Instant.now();
    try (DynamoDbClient dynamo = new AwsClients(AwsSettings.fromEnvironment(env)).dynamoDb()) {
      dynamo.putItem(
          b ->
              b.tableName(env.get("BATON_TABLE"))
                  .item(
                      HeartbeatItems.toItem(
                          new Heartbeat(
                              "nyc9",
                              "nyc9-a",
                              HeartbeatStatus.HEALTHY,
                              1,
                              now,
                              Map.of(),
                              "1.0",
                              null),
                          now.plusSeconds(600))));
    }

    JsonNode status = status();
    assertThat(baton("status")).isZero();
    String table = out.toString();

    assertThat(status.at("/ignoredRegions/source").asText()).isEqualTo("topology");
    assertThat(status.at("/ignoredRegions/regions"))
        .extracting(JsonNode::asText)
        .containsExactly("nyc9");
    assertThat(status.get("regions"))
        .filteredOn(r -> r.get("ignored").asBoolean())
        .extracting(r -> r.get("name").asText())
        .containsExactly("nyc9");
    assertThat(table)
        .containsPattern("nyc9 +ignored +not in the topology")
        .contains("warning: nyc9 (1 instance) is not in the topology: Baton ignores its beats");
  }
}
