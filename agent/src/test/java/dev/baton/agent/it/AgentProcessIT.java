package dev.baton.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.support.Ports;
import dev.baton.agent.support.StandInApp;
import dev.baton.domain.Baton;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.local.BatonTable;
import dev.baton.local.MotoServer;
import dev.baton.store.BatonItems;
import dev.baton.store.HeartbeatItems;
import dev.baton.testkit.MotoExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The packaged jar as systemd runs it: a real process, SIGTERM, and the drain commands. Covers what
 * only a real JVM can show: the shutdown hook writes DRAINING, the exit codes.
 */
@ExtendWith(MotoExtension.class)
class AgentProcessIT {
  private static final Path JAR = Path.of("target/baton-agent.jar");

  @TempDir Path dir;
  private MotoServer moto;
  private String table;
  private DynamoDbClient ddb;
  private StandInApp app;
  private int rolePort;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void setUp(MotoServer moto, DynamoDbClient ddb) throws Exception {
    assertThat(JAR).as("packaged by the package phase").exists();
    this.moto = moto;
    this.ddb = ddb;
    table = BatonTable.create(ddb, "baton-" + UUID.randomUUID()).name();
    ddb.putItem(
        b -> b.tableName(table).item(BatonItems.toItem(Baton.initial("ams3", Instant.now()))));
    app = new StandInApp();
    rolePort = Ports.free();
    Files.writeString(
        dir.resolve("agent.yaml"),
        """
        region: nyc1
        instanceId: web-1
        table: %s
        aws:
          region: us-east-1
          endpoint: %s
        heartbeat:
          interval: 500ms
          jitter: 50ms
        fenceAfter: 2s
        probe:
          url: %s
          timeout: 400ms
        hooks:
          onStandby: echo standby >> %s
        listen:
          port: %d
        stateFile: %s
        allowUnsynchronisedClock: true
        """
            .formatted(
                table,
                moto.endpoint(),
                app.healthUrl(),
                dir.resolve("hooks.log"),
                rolePort,
                dir.resolve("state")));
  }

  @AfterEach
  void tearDown() {
    started.forEach(Process::destroyForcibly);
    app.close();
  }

  private Process agent(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx64m", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--config", dir.resolve("agent.yaml").toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent-" + started.size() + ".log").toFile());
    pb.environment().put("AWS_ACCESS_KEY_ID", "testing");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
    pb.environment().keySet().removeIf(k -> k.startsWith("BATON_AGENT_"));
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private Heartbeat stored() {
    Map<String, AttributeValue> item =
        ddb.getItem(
                b ->
                    b.tableName(table)
                        .consistentRead(true)
                        .key(
                            Map.of(
                                "pk", AttributeValue.fromS("HB#nyc1"),
                                "sk", AttributeValue.fromS("web-1"))))
            .item();
    return item.isEmpty() ? null : HeartbeatItems.fromItem(item);
  }

  private Heartbeat awaitStored(Predicate<Heartbeat> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Heartbeat beat;
      try {
        beat = stored();
      } catch (software.amazon.awssdk.core.exception.ApiCallTimeoutException e) {
        // moto, shared by a loaded machine's builds, answered one read late: read again.
        System.out.println("AgentProcessIT: a read of the table timed out, reading again: " + e);
        continue;
      }
      if (beat != null && condition.test(beat)) {
        return beat;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no matching heartbeat within 30 s; last: " + stored());
  }

  private String log(int index) throws IOException {
    return Files.readString(dir.resolve("agent-" + index + ".log"), StandardCharsets.UTF_8);
  }

  @Test
  void sigtermWritesDrainingAndARestartContinuesTheSeq() throws Exception {
    Process first = agent("run");
    Heartbeat beating = awaitStored(b -> b.status() == HeartbeatStatus.HEALTHY && b.seq() > 0);
    Heartbeat later = awaitStored(b -> b.seq() >= beating.seq() + 2);
    assertThat(roleJson()).contains("\"role\":\"standby\"").contains("\"epoch\":1");

    first.destroy(); // SIGTERM
    assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
    Heartbeat draining = stored();
    assertThat(draining.status()).as(log(0)).isEqualTo(HeartbeatStatus.DRAINING);
    assertThat(draining.seq()).isGreaterThan(later.seq());

    agent("run");
    Heartbeat resumed = awaitStored(b -> b.status() == HeartbeatStatus.HEALTHY);
    assertThat(log(1)).as("the state file continues the sequence").contains("continuing from");
    // The rest of the first run's seq block (at most 100) is skipped, and a few beats may land
    // before the poll sees one; a clock-floor restart would be thousands above.
    assertThat(resumed.seq()).isBetween(draining.seq() + 1, draining.seq() + 120);
    assertThat(awaitLines(dir.resolve("hooks.log"), 2))
        .as("onStandby once per start: the first known role")
        .containsExactly("standby", "standby");
  }

  @Test
  void drainAndUndrainCommandsSwitchTheRunningAgent() throws Exception {
    agent("run");
    awaitStored(b -> b.status() == HeartbeatStatus.HEALTHY);
    awaitRoleEndpoint();

    Process drain = agent("drain");
    assertThat(drain.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(drain.exitValue()).as(log(1)).isZero();
    assertThat(log(1)).contains("\"status\":\"DRAINING\"").contains("\"written\":true");
    assertThat(stored().status()).isEqualTo(HeartbeatStatus.DRAINING);
    long drainedSeq = stored().seq();
    awaitStored(b -> b.seq() > drainedSeq + 1);
    assertThat(stored().status()).as("stays drained").isEqualTo(HeartbeatStatus.DRAINING);

    Process undrain = agent("undrain");
    assertThat(undrain.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(undrain.exitValue()).isZero();
    assertThat(stored().status()).isEqualTo(HeartbeatStatus.HEALTHY);
  }

  @Test
  void anInvalidConfigExitsWith78AndListsEveryProblem() throws Exception {
    Files.writeString(
        dir.resolve("agent.yaml"),
        """
        region: nyc
        table: baton
        heartbeat:
          interval: fast
        probe:
          url: http://127.0.0.1:1/health
        """);

    Process p = agent("run");

    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(78);
    assertThat(log(0))
        .contains("invalid agent configuration (3 problems):")
        .contains("heartbeat.interval: must be a duration with a unit")
        .contains("region: must be a DigitalOcean region slug")
        .contains("aws.region: is required");
  }

  @Test
  void drainWithoutARunningAgentSaysSo() throws Exception {
    Process drain = agent("drain");

    assertThat(drain.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(drain.exitValue()).isEqualTo(69);
    assertThat(log(0))
        .contains("cannot reach the agent at http://127.0.0.1:" + rolePort + "/drain");
  }

  /** The file's lines once it has {@code count} of them (hooks run after the beat). */
  private static List<String> awaitLines(Path file, int count)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.readAllLines(file).size() >= count) {
        break;
      }
      Thread.sleep(100);
    }
    Thread.sleep(1000); // a hook that runs once too often would show up here
    return Files.readAllLines(file);
  }

  private void awaitRoleEndpoint() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        roleJson();
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the role endpoint did not answer within 30 s");
  }

  private String roleJson() throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rolePort + "/role")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
