package dev.baton.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.support.StandInApp;
import dev.baton.domain.HeartbeatStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppProbeTest {
  // Generous where speed is not the point: the build machine may be busy, and a cold JDK HTTP
  // client takes a second or more for its first request there.
  private static final Duration RELAXED_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RELAXED_SLOW = Duration.ofSeconds(5);

  private StandInApp app;

  @BeforeEach
  void startApp() throws IOException {
    app = new StandInApp();
  }

  @AfterEach
  void stopApp() {
    app.close();
  }

  private AppProbe probe(String expectedBody, Duration timeout, Duration slowAfter) {
    return probe(app.healthUrl(), expectedBody, timeout, slowAfter);
  }

  private static AppProbe probe(
      URI url, String expectedBody, Duration timeout, Duration slowAfter) {
    return new AppProbe(new AgentConfig.Probe(url, timeout, 200, expectedBody, slowAfter), "test");
  }

  @Test
  void aFastExpectedAnswerIsHealthy() {
    ProbeResult r = probe("ok", RELAXED_TIMEOUT, RELAXED_SLOW).probe();

    assertThat(r.status()).isEqualTo(HeartbeatStatus.HEALTHY);
    assertThat(r.check().ok()).isTrue();
    assertThat(r.check().detail()).startsWith("status 200 in ");
  }

  @Test
  void healthFlipsWithTheAppsAnswer() {
    AppProbe probe = probe(null, RELAXED_TIMEOUT, RELAXED_SLOW);
    assertThat(probe.probe().status()).isEqualTo(HeartbeatStatus.HEALTHY);

    app.answers(503, "database down");
    ProbeResult down = probe.probe();
    assertThat(down.status()).isEqualTo(HeartbeatStatus.UNHEALTHY);
    assertThat(down.check().ok()).isFalse();
    assertThat(down.check().detail()).isEqualTo("status 503, expected 200");

    app.answers(200, "ok");
    assertThat(probe.probe().status()).isEqualTo(HeartbeatStatus.HEALTHY);
  }

  @Test
  void aBodyWithoutTheExpectedTextIsUnhealthy() {
    app.answers(200, "{\"state\":\"starting\"}");

    ProbeResult r = probe("\"state\":\"ready\"", RELAXED_TIMEOUT, RELAXED_SLOW).probe();

    assertThat(r.status()).isEqualTo(HeartbeatStatus.UNHEALTHY);
    assertThat(r.check().detail()).isEqualTo("body does not contain '\"state\":\"ready\"'");
  }

  @Test
  void aSlowAnswerIsDegraded() {
    app.delays(Duration.ofMillis(300));

    ProbeResult r = probe("ok", RELAXED_TIMEOUT, Duration.ofMillis(100)).probe();

    assertThat(r.status()).isEqualTo(HeartbeatStatus.DEGRADED);
    assertThat(r.check().ok()).isTrue();
    assertThat(r.check().latencyMillis()).isGreaterThanOrEqualTo(300);
    assertThat(r.check().detail()).contains("slow: ").contains("(slowAfter 100ms)");
  }

  @Test
  void noAnswerWithinTheTimeoutIsUnhealthy() {
    app.delays(Duration.ofSeconds(5));

    long started = System.nanoTime();
    ProbeResult r = probe("ok", Duration.ofMillis(300), Duration.ofMillis(100)).probe();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(r.status()).isEqualTo(HeartbeatStatus.UNHEALTHY);
    assertThat(r.check().detail()).isEqualTo("no answer within 300ms");
    assertThat(tookMillis).as("the probe gives up at its timeout").isLessThan(2000);
  }

  @Test
  void aClosedPortIsUnhealthyWithTheReason() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closed + "/health");

    ProbeResult r = probe(url, null, RELAXED_TIMEOUT, RELAXED_SLOW).probe();

    assertThat(r.status()).isEqualTo(HeartbeatStatus.UNHEALTHY);
    assertThat(r.check().detail())
        .isEqualTo("cannot connect to 127.0.0.1:" + closed + " (connection refused)");
  }
}
