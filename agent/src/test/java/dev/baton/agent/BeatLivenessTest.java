package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.config.AgentConfig;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BeatLivenessTest {
  private static final Duration LATE = Duration.ofSeconds(15);
  private final AtomicLong nanos = new AtomicLong(42_000_000_000L);
  private final BeatLiveness liveness = new BeatLiveness(LATE, nanos::get);

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void lateAfterIsThreeIntervalsPlusTheJitter() {
    AgentConfig config =
        AgentConfig.builder()
            .region("nyc1")
            .instanceId("web-1")
            .table("baton")
            .awsRegion("us-east-1")
            .probeUrl(URI.create("http://127.0.0.1:8080/health"))
            .heartbeatInterval(Duration.ofSeconds(5))
            .heartbeatJitter(Duration.ofMillis(250))
            .build();

    assertThat(BeatLiveness.lateAfter(config)).isEqualTo(Duration.ofMillis(15_250));
  }

  @Test
  void beforeTheFirstBeatTheAgentCountsFromItsStart() {
    advance(LATE);
    assertThat(liveness.beating()).isTrue();

    advance(Duration.ofMillis(1));
    assertThat(liveness.beating()).isFalse();
    assertThat(liveness.sinceLastBeat()).isEqualTo(LATE.plusMillis(1));
  }

  @Test
  void aLoopThatStopsFinishingBeatsTurnsLateAndABeatRevivesIt() {
    advance(Duration.ofSeconds(100));
    liveness.beaten();
    assertThat(liveness.beating()).isTrue();

    advance(LATE);
    assertThat(liveness.beating()).as("exactly at the bound").isTrue();
    advance(Duration.ofNanos(1));
    assertThat(liveness.beating()).isFalse();

    liveness.beaten();
    assertThat(liveness.beating()).isTrue();
    assertThat(liveness.sinceLastBeat()).isZero();
  }
}
