package dev.baton.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders for domain tests: topologies, beats and states at readable instants. */
final class Fixtures {
  /** The instant tests start at; {@code at(5)} is five seconds later. */
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  private Fixtures() {}

  static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  static Instant atMillis(long millis) {
    return T0.plusMillis(millis);
  }

  /** Regions named in priority order (first = priority 1), default timings and policy. */
  static Topology topology(String... regions) {
    return topology(Timings.DEFAULTS, FailoverPolicy.DEFAULTS, regions);
  }

  static Topology topology(Timings timings, FailoverPolicy policy, String... regions) {
    List<RegionConfig> configs = new ArrayList<>();
    for (int i = 0; i < regions.length; i++) {
      configs.add(new RegionConfig(regions[i], i + 1, "us-east-1", "lb-" + regions[i], null, null));
    }
    return new Topology("shop", configs, List.of(), timings, policy);
  }

  static Heartbeat beat(
      String region, String instance, HeartbeatStatus status, long seq, Instant sentAt) {
    return new Heartbeat(region, instance, status, seq, sentAt, Map.of(), "test", null);
  }

  static RegionState state(String region, RegionHealth health, Instant since) {
    return new RegionState(region, health, since, since, since, 1, 1, "test", 1);
  }

  static RegionState state(
      String region, RegionHealth health, Instant since, Instant lastUpAt, Instant upSince) {
    return new RegionState(region, health, since, lastUpAt, upSince, 1, 1, "test", 1);
  }

  static Baton baton(String active, long epoch) {
    return new Baton(active, epoch, BatonMode.AUTO, T0, "test", null, List.of(), 1);
  }

  static Baton frozen(String active, long epoch) {
    return new Baton(active, epoch, BatonMode.FROZEN, T0, "frozen by test", null, List.of(), 1);
  }

  static Baton withAutoPromotions(Baton b, Instant... times) {
    return new Baton(
        b.activeRegion(), b.epoch(), b.mode(), b.since(), b.reason(), null, List.of(times), 1);
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
