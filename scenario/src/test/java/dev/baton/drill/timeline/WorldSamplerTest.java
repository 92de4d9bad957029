package dev.baton.drill.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorldSamplerTest {
  private final AtomicLong nanos = new AtomicLong();
  private final DrillTimeline timeline = new DrillTimeline(nanos::get);
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  private static WorldSample world(String role) {
    return new WorldSample(
        Map.of("nyc1-1", new WorldSample.AgentRole("nyc1", role)), Map.of("do-dns", "nyc1"));
  }

  @Test
  void changesAreRecordedAtTheTimeTheSampleReturned() {
    List<String> roles = new ArrayList<>(List.of("unknown", "active"));
    WorldSampler sampler =
        new WorldSampler(
            () -> {
              nanos.addAndGet(Duration.ofMillis(20).toNanos());
              return world(roles.remove(0));
            },
            timeline,
            errors);
    sampler.sampleOnce();
    sampler.sampleOnce();
    assertThat(timeline.events(DrillEvent.AgentRoleChanged.class))
        .containsExactly(
            new DrillEvent.AgentRoleChanged(
                Duration.ofMillis(20), "nyc1", "nyc1-1", null, "unknown"),
            new DrillEvent.AgentRoleChanged(
                Duration.ofMillis(40), "nyc1", "nyc1-1", "unknown", "active"));
    assertThat(errors).isEmpty();
  }

  @Test
  void failedSamplesAreOneDrillErrorAndSamplingGoesOn() {
    AtomicInteger calls = new AtomicInteger();
    WorldSampler sampler =
        new WorldSampler(
            () -> {
              if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("moto did not answer");
              }
              return world("active");
            },
            timeline,
            errors);
    sampler.sampleOnce();
    sampler.sampleOnce();
    sampler.sampleOnce();
    assertThat(errors)
        .containsExactly(
            "sampling the agents' roles and the routers failed at least once: moto did not answer");
    assertThat(timeline.events(DrillEvent.AgentRoleChanged.class)).hasSize(1);
  }

  @Test
  void samplesOnItsOwnThreadUntilClosed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (WorldSampler sampler =
        new WorldSampler(
            () -> {
              calls.incrementAndGet();
              return world("active");
            },
            timeline,
            errors)) {
      sampler.start(Duration.ofMillis(5));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (calls.get() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(calls.get()).isGreaterThanOrEqualTo(3);
      sampler.close();
      int afterClose = calls.get();
      Thread.sleep(50);
      assertThat(calls.get()).isEqualTo(afterClose);
    }
    assertThat(timeline.events(DrillEvent.AgentRoleChanged.class)).hasSize(1);
  }
}
