package dev.baton.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.BeatReport;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.role.Role;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.support.AgentHarness;
import dev.baton.agent.support.StandInApp;
import dev.baton.domain.Baton;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.local.BatonTable;
import dev.baton.local.MotoServer;
import dev.baton.store.BatonItems;
import dev.baton.store.HeartbeatItems;
import dev.baton.testkit.MotoExtension;
import dev.baton.time.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Heartbeats against moto: item shape, seq order, DRAINING at stop, seq across restarts. */
@ExtendWith(MotoExtension.class)
class HeartbeatsIT {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock(T0);
  private MotoServer moto;
  private String table;
  private DynamoDbClient ddb;
  private StandInApp app;

  @BeforeEach
  void setUp(MotoServer moto, DynamoDbClient ddb) throws Exception {
    this.moto = moto;
    this.ddb = ddb;
    table = BatonTable.create(ddb, "baton-" + UUID.randomUUID()).name();
    ddb.putItem(
        b ->
            b.tableName(table)
                .item(BatonItems.toItem(Baton.initial("nyc1", T0.minusSeconds(3600)))));
    app = new StandInApp();
  }

  @AfterEach
  void tearDown() {
    app.close();
  }

  private AgentConfig config() {
    return AgentConfig.builder()
        .region("nyc1")
        .instanceId("web-1")
        .table(table)
        .awsRegion("us-east-1")
        .probeUrl(app.healthUrl())
        .heartbeatInterval(Duration.ofSeconds(1))
        .probeTimeout(Duration.ofMillis(900))
        .probeSlowAfter(Duration.ofMillis(300))
        .heartbeatTtl(Duration.ofMinutes(10))
        .stateFile(dir.resolve("state"))
        .build();
  }

  private AgentHarness agent() {
    return new AgentHarness(config(), moto.endpoint(), clock);
  }

  private Map<String, AttributeValue> storedItem() {
    return ddb.getItem(
            b ->
                b.tableName(table)
                    .consistentRead(true)
                    .key(
                        Map.of(
                            "pk", AttributeValue.fromS("HB#nyc1"),
                            "sk", AttributeValue.fromS("web-1"))))
        .item();
  }

  private Heartbeat stored() {
    return HeartbeatItems.fromItem(storedItem());
  }

  @Test
  void heartbeatsLandWithTheRightShapeAndIncreasingSeq() {
    try (AgentHarness h = agent()) {
      h.agent.beat();
      Heartbeat first = stored();
      clock.advance(Duration.ofSeconds(1));
      h.agent.beat();
      Map<String, AttributeValue> item = storedItem();
      Heartbeat second = HeartbeatItems.fromItem(item);

      assertThat(item)
          .containsKeys(
              "pk",
              "sk",
              "region",
              "instanceId",
              "status",
              "seq",
              "sentAt",
              "agentVersion",
              "expiresAt",
              "checks");
      assertThat(item.get("pk").s()).isEqualTo("HB#nyc1");
      assertThat(item.get("sk").s()).isEqualTo("web-1");
      assertThat(item.get("status").s()).isEqualTo("HEALTHY");
      assertThat(item.get("sentAt").n()).isEqualTo(Long.toString(T0.plusSeconds(1).toEpochMilli()));
      assertThat(item.get("expiresAt").n())
          .as("TTL in epoch seconds: sentAt + heartbeat.ttl")
          .isEqualTo(
              Long.toString(T0.plusSeconds(1).plus(Duration.ofMinutes(10)).getEpochSecond()));
      assertThat(item.get("agentVersion").s()).isEqualTo("it");
      Map<String, AttributeValue> app = item.get("checks").m().get("app").m();
      assertThat(app.get("ok").bool()).isTrue();
      assertThat(app.get("latencyMs").n()).isNotNull();
      assertThat(app.get("detail").s()).startsWith("status 200 in ");
      assertThat(second.checks().get("store").detail()).isEqualTo("wrote seq " + first.seq());
      assertThat(second.seq()).isEqualTo(first.seq() + 1);
      assertThat(h.agent.roles().snapshot().role()).isEqualTo(Role.ACTIVE);
    }
  }

  @Test
  void theAppsHealthReachesTheTable() {
    try (AgentHarness h = agent()) {
      app.answers(500, "boom");
      h.agent.beat();
      assertThat(stored().status()).isEqualTo(HeartbeatStatus.UNHEALTHY);
      assertThat(stored().checks().get("app").detail()).isEqualTo("status 500, expected 200");

      app.answers(200, "ok").delays(Duration.ofMillis(550));
      clock.advance(Duration.ofSeconds(1));
      h.agent.beat();
      assertThat(stored().status()).isEqualTo(HeartbeatStatus.DEGRADED);
    }
  }

  @Test
  void stoppingWritesDraining() {
    try (AgentHarness h = agent()) {
      h.agent.beat();
      long before = stored().seq();

      BeatReport report = h.agent.stop("agent stopping (SIGTERM)");

      assertThat(report.written()).isTrue();
      assertThat(stored().status()).isEqualTo(HeartbeatStatus.DRAINING);
      assertThat(stored().seq()).isEqualTo(before + 1);
      assertThat(stored().checks().get("agent").detail()).isEqualTo("agent stopping (SIGTERM)");
    }
  }

  @Test
  void seqContinuesAfterARestart() {
    long last;
    try (AgentHarness h = agent()) {
      h.agent.beat();
      h.agent.beat();
      h.agent.stop("restart");
      last = stored().seq();
    }
    try (AgentHarness h = agent()) {
      h.agent.beat();
    }

    // Above every seq of the first run; the rest of its reserved block may be skipped.
    assertThat(stored().seq()).isGreaterThan(last).isLessThanOrEqualTo(last + 100);
    assertThat(stored().status()).isEqualTo(HeartbeatStatus.HEALTHY);
  }

  @Test
  void anOlderStateFileCannotMoveTheInstanceBackwards() throws Exception {
    long highest;
    try (AgentHarness h = agent()) {
      for (int i = 0; i < 3; i++) {
        h.agent.beat();
      }
      highest = stored().seq();
    }
    // A state file restored from an old backup: far behind the table.
    new StateFile(dir.resolve("state")).save(new StateFile.Saved(5, false));

    try (AgentHarness h = agent()) {
      BeatReport report = h.agent.beat();

      assertThat(report.written()).isTrue();
      assertThat(report.seq()).isEqualTo(highest + 1);
    }
    assertThat(stored().seq()).isEqualTo(highest + 1);
  }

  @Test
  void aLostStateFileRestartsAboveBothTheTableAndTheClockFloor() throws Exception {
    try (AgentHarness h = agent()) {
      h.agent.beat();
    }
    long storedSeq = stored().seq();
    Files.delete(dir.resolve("state"));
    clock.advance(Duration.ofMinutes(1));

    try (AgentHarness h = agent()) {
      h.agent.beat();
    }

    assertThat(stored().seq())
        .isGreaterThan(storedSeq)
        .isGreaterThanOrEqualTo(T0.plus(Duration.ofMinutes(1)).toEpochMilli());
  }

  @Test
  void aForgedSeqBeyondTheMaximumOrOfAnotherTypeIsReplacedByTheNextBeat() {
    for (AttributeValue forged :
        java.util.List.of(
            AttributeValue.fromN("99999999999999999999999"), // beyond a Java long
            AttributeValue.fromN(Long.toString(HeartbeatItems.MAX_SEQ + 1)),
            AttributeValue.fromS("9"))) {
      Map<String, AttributeValue> item = new java.util.HashMap<>(storedItemOrBeat());
      item.put("seq", forged);
      ddb.putItem(b -> b.tableName(table).item(item));
      clock.advance(Duration.ofSeconds(1));

      try (AgentHarness h = agent()) {
        h.agent.beat();
      }

      assertThat(stored().seq())
          .as("after a forged " + forged)
          .isBetween(T0.toEpochMilli(), HeartbeatItems.MAX_SEQ);
    }
  }

  /** The stored heartbeat item, written by one beat first when there is none. */
  private Map<String, AttributeValue> storedItemOrBeat() {
    if (storedItem().isEmpty()) {
      try (AgentHarness h = agent()) {
        h.agent.beat();
      }
    }
    return storedItem();
  }

  @Test
  void theAuthoritysAnswerCarriesItsTimeForTheAgentsClockCheck() throws Exception {
    try (AgentHarness h = agent()) {
      java.time.Instant before = java.time.Instant.now();
      dev.baton.agent.store.AgentStore.BatonRead read = h.dynamoStore.readBaton();
      java.time.Instant after = java.time.Instant.now();

      assertThat(read).isInstanceOf(dev.baton.agent.store.AgentStore.BatonRead.Found.class);
      dev.baton.agent.store.AgentStore.BatonRead.Found found =
          (dev.baton.agent.store.AgentStore.BatonRead.Found) read;
      assertThat(found.resolution()).isEqualTo(Duration.ofSeconds(1));
      // The HTTP Date header, to the second: between the request and the answer.
      assertThat(found.authorityTime())
          .isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
          .isBeforeOrEqualTo(after);
    }
  }
}
