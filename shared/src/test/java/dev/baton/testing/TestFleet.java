package dev.baton.testing;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.Check;
import dev.baton.domain.FailoverPolicy;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.Timings;
import dev.baton.domain.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for detection tests: topologies, heartbeats and batons. */
public final class TestFleet {
  /** Where test clocks start. */
  public static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

  private TestFleet() {}

  /** Regions in priority order (first = priority 1) with the given timings, default policy. */
  public static Topology topology(Timings timings, String... regions) {
    List<RegionConfig> configs = new ArrayList<>();
    for (int i = 0; i < regions.length; i++) {
      configs.add(
          new RegionConfig(
              regions[i], i + 1, "us-east-1", "lb-" + regions[i], "203.0.113." + (i + 1), null));
    }
    return new Topology("shop", configs, List.of(), timings, FailoverPolicy.DEFAULTS);
  }

  /** Default timings: heartbeat 5 s, stale 12 s, fail 15 s, recover 60 s, grace 20 s. */
  public static Topology topology(String... regions) {
    return topology(Timings.DEFAULTS, regions);
  }

  /**
   * Timings scaled down for tests against moto: heartbeat {@code beat}, stale 2 x, fail 3 x,
   * recover 4 x, startup grace {@code grace}, membership a minute, clock skew 5 s.
   */
  public static Timings scaled(Duration beat, Duration grace) {
    return new Timings(
        beat,
        beat.multipliedBy(2),
        beat.multipliedBy(3),
        beat.multipliedBy(4),
        grace,
        Duration.ofMinutes(1),
        Duration.ofSeconds(5));
  }

  public static Heartbeat beat(
      String region, String instance, HeartbeatStatus status, long seq, Instant sentAt) {
    boolean appOk = status.countsAsUp() || status == HeartbeatStatus.DRAINING;
    return new Heartbeat(
        region,
        instance,
        status,
        seq,
        sentAt,
        Map.of("app", new Check(appOk, 12, appOk ? "HTTP 200" : "HTTP 503")),
        "test",
        null);
  }

  public static Heartbeat healthy(String region, String instance, long seq, Instant sentAt) {
    return beat(region, instance, HeartbeatStatus.HEALTHY, seq, sentAt);
  }

  public static Baton baton(String active, long epoch) {
    return new Baton(active, epoch, BatonMode.AUTO, T0, "test placement", null, List.of(), 1);
  }
}
