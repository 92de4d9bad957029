package dev.baton.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.endpoint.LocalEndpoint;
import dev.baton.agent.role.Role;
import dev.baton.agent.support.AgentHarness;
import dev.baton.agent.support.CuttableProxy;
import dev.baton.agent.support.StandInApp;
import dev.baton.domain.Baton;
import dev.baton.domain.Heartbeat;
import dev.baton.local.BatonTable;
import dev.baton.local.MotoServer;
import dev.baton.store.BatonItems;
import dev.baton.store.HeartbeatItems;
import dev.baton.testkit.MotoExtension;
import dev.baton.time.VirtualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The store behind a port that closes: the agent fences after fenceAfter and recovers. */
@ExtendWith(MotoExtension.class)
class FencingIT {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void anUnreachableStoreFencesOnceAndRecoveryIsReported(MotoServer moto, DynamoDbClient ddb)
      throws Exception {
    String table = BatonTable.create(ddb, "baton-" + UUID.randomUUID()).name();
    VirtualClock clock = new VirtualClock(T0);
    Path hookLog = dir.resolve("hooks.log");
    String hook = "echo \"$BATON_ROLE $BATON_EPOCH\" >> " + hookLog;
    try (StandInApp app = new StandInApp();
        CuttableProxy proxy = new CuttableProxy(moto.endpoint().getPort())) {
      ddb.putItem(b -> b.tableName(table).item(BatonItems.toItem(Baton.initial("nyc1", T0))));
      AgentConfig config =
          AgentConfig.builder()
              .region("nyc1")
              .instanceId("web-1")
              .table(table)
              .awsRegion("us-east-1")
              .probeUrl(app.healthUrl())
              .heartbeatInterval(Duration.ofSeconds(1))
              .probeTimeout(Duration.ofMillis(900))
              .fenceAfter(Duration.ofSeconds(3))
              .onActive(hook)
              .onStandby(hook)
              .onFenced(hook)
              .listenPort(0)
              .stateFile(dir.resolve("state"))
              .build();
      URI viaProxy = URI.create("http://127.0.0.1:" + proxy.port());
      try (AgentHarness h = new AgentHarness(config, viaProxy, clock);
          LocalEndpoint endpoint = LocalEndpoint.start(h.agent, "127.0.0.1", 0)) {
        h.agent.beat();
        assertThat(role(endpoint).get("role").asText()).isEqualTo("active");

        proxy.cut();
        for (int second = 1; second <= 6; second++) {
          clock.advance(Duration.ofSeconds(1));
          h.agent.beat();
          if (second == 2) {
            assertThat(h.agent.roles().snapshot().role())
                .as("2 s < fenceAfter")
                .isEqualTo(Role.ACTIVE);
          }
        }
        JsonNode fenced = role(endpoint);
        assertThat(fenced.get("role").asText()).isEqualTo("fenced");
        assertThat(fenced.get("epoch").asLong()).isEqualTo(1);
        assertThat(fenced.get("since").asText()).isEqualTo(T0.plusSeconds(3).toString());
        assertThat(fenced.get("reason").asText())
            .startsWith("no successful round trip to the authority for 3s (fenceAfter 3s)");

        proxy.restore();
        clock.advance(Duration.ofSeconds(1));
        h.agent.beat();

        JsonNode recovered = role(endpoint);
        assertThat(recovered.get("role").asText()).isEqualTo("active");
        assertThat(recovered.get("reason").asText())
            .isEqualTo("authority reachable again and the baton names nyc1 active at epoch 1");
        assertThat(h.hooks.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(Files.readAllLines(hookLog)).containsExactly("active 1", "fenced 1", "active 1");
        Heartbeat afterRecovery =
            HeartbeatItems.fromItem(
                ddb.getItem(
                        b ->
                            b.tableName(table)
                                .consistentRead(true)
                                .key(
                                    Map.of(
                                        "pk", AttributeValue.fromS("HB#nyc1"),
                                        "sk", AttributeValue.fromS("web-1"))))
                    .item());
        assertThat(afterRecovery.checks().get("store").ok())
            .as("the first beat back reports the failed write")
            .isFalse();
      }
    }
  }

  private static JsonNode role(LocalEndpoint endpoint) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/role"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }
}
