package dev.baton.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.agent.Agent;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.hooks.RoleHooks;
import dev.baton.agent.probe.ProbeResult;
import dev.baton.agent.role.RoleTracker;
import dev.baton.agent.state.AgentState;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.support.FakeAgentStore;
import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.Check;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.time.VirtualClock;
import dev.baton.time.VirtualScheduler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEndpointTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock(T0);
  private final FakeAgentStore store = new FakeAgentStore();
  private final HttpClient http = HttpClient.newHttpClient();
  private RoleHooks hooks;
  private Agent agent;
  private LocalEndpoint endpoint;

  @BeforeEach
  void start() throws IOException {
    AgentConfig config =
        AgentConfig.builder()
            .region("nyc1")
            .instanceId("web-1")
            .table("baton")
            .awsRegion("us-east-1")
            .probeUrl(URI.create("http://127.0.0.1:1/health"))
            .heartbeatInterval(Duration.ofSeconds(1))
            .probeTimeout(Duration.ofMillis(500))
            .fenceAfter(Duration.ofSeconds(2))
            .listenPort(0)
            .stateFile(dir.resolve("state"))
            .build();
    hooks = new RoleHooks("nyc1", config.hooks());
    agent =
        new Agent(
            config,
            () -> new ProbeResult(HeartbeatStatus.HEALTHY, new Check(true, 1, "ok")),
            store,
            AgentState.open(new StateFile(config.stateFile()), store, "nyc1", "web-1", clock),
            new RoleTracker("nyc1", config.fenceAfter(), T0),
            hooks,
            "test",
            clock,
            new VirtualScheduler(clock), // the loop is not started: beats are driven by hand
            new Random(1),
            () -> Duration.between(T0, clock.instant()).toNanos());
    endpoint = LocalEndpoint.start(agent, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    endpoint.close();
    hooks.close();
  }

  private HttpResponse<String> call(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void roleIsUnknownWith503UntilTheFirstBeat() throws Exception {
    HttpResponse<String> r = call("GET", "/role");

    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("role").asText()).isEqualTo("unknown");
    assertThat(body.get("epoch").isNull()).isTrue();
  }

  @Test
  void roleSaysActiveWithEpochAndSince() throws Exception {
    store.baton(new Baton("nyc1", 6, BatonMode.AUTO, T0, "", null, List.of(), 0));
    clock.advance(Duration.ofSeconds(3));
    agent.beat();

    HttpResponse<String> r = call("GET", "/role");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("region").asText()).isEqualTo("nyc1");
    assertThat(body.get("role").asText()).isEqualTo("active");
    assertThat(body.get("epoch").asLong()).isEqualTo(6);
    assertThat(body.get("since").asText()).isEqualTo("2026-03-01T12:00:03Z");
  }

  @Test
  void roleSaysFencedWhenTheStoreIsGoneTooLong() throws Exception {
    store.baton(new Baton("nyc1", 6, BatonMode.AUTO, T0, "", null, List.of(), 0));
    agent.beat();
    store.reachable(false);
    clock.advance(Duration.ofSeconds(2));
    agent.beat();

    JsonNode body = JSON.readTree(call("GET", "/role").body());

    assertThat(body.get("role").asText()).isEqualTo("fenced");
    assertThat(body.get("epoch").asLong()).isEqualTo(6);
    assertThat(body.get("reason").asText()).startsWith("no successful round trip to the authority");
  }

  @Test
  void healthTurns503WhenTheLoopStopsBeating() throws Exception {
    agent.beat();
    HttpResponse<String> fresh = call("GET", "/health");
    clock.advance(Duration.ofSeconds(4));
    HttpResponse<String> late = call("GET", "/health");

    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(fresh.body()).get("lastBeat").get("status").asText())
        .isEqualTo("HEALTHY");
    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(late.body()).get("status").asText()).isEqualTo("not beating");
  }

  @Test
  void drainAndUndrainBeatAtOnce() throws Exception {
    HttpResponse<String> drained = call("POST", "/drain");

    assertThat(drained.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(drained.body()).get("status").asText()).isEqualTo("DRAINING");
    assertThat(store.last().status()).isEqualTo(HeartbeatStatus.DRAINING);

    call("POST", "/undrain");
    assertThat(store.last().status()).isEqualTo(HeartbeatStatus.HEALTHY);
  }

  @Test
  void wrongMethodsAndPathsAreRefused() throws Exception {
    assertThat(call("POST", "/role").statusCode()).isEqualTo(405);
    assertThat(call("GET", "/drain").statusCode()).isEqualTo(405);
    assertThat(call("GET", "/role/extra").statusCode()).isEqualTo(404);
    assertThat(store.written()).isEmpty();
  }
}
