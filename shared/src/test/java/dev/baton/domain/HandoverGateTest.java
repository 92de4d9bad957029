package dev.baton.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoverGateTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Timings DEFAULTS = Timings.DEFAULTS;

  private static Heartbeat beat(String region, String id, Instant sentAt, long epoch, String role) {
    return new Heartbeat(
        region, id, HeartbeatStatus.HEALTHY, 1, sentAt, Map.of(), "t", null, epoch, role);
  }

  @Test
  void theFenceDeadlineLetsADeadRegionsLeasesRunOutByTheTimeItIsUnhealthy() {
    // failAfter 15 s - maxClockSkew 5 s
    assertThat(HandoverGate.fenceDeadline(DEFAULTS)).isEqualTo(Duration.ofSeconds(10));
    Timings tight =
        new Timings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(5),
            Duration.ofSeconds(20),
            Duration.ZERO,
            Duration.ofMinutes(10),
            Duration.ofSeconds(3));
    assertThat(HandoverGate.fenceDeadline(tight))
        .as("never below the agent's floor of two beats")
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(HandoverGate.leaseBound(DEFAULTS)).isEqualTo(Duration.ofMillis(15_350));
  }

  @Test
  void anAgentThatAcknowledgedTheNewEpochAndIsNotActiveOpensTheGate() {
    HandoverGate.Verdict v =
        HandoverGate.judge(5, "ams3", List.of(beat("nyc1", "a", T0, 5, "standby")), DEFAULTS, T0);
    assertThat(v).isInstanceOf(HandoverGate.Verdict.Open.class);
    assertThat(((HandoverGate.Verdict.Open) v).detail()).startsWith("1 agent(s)");
  }

  @Test
  void anAgentStillActiveUnderTheOldEpochKeepsItClosedUntilItsLeaseBound() {
    List<Heartbeat> beats =
        List.of(beat("nyc1", "a", T0, 4, "active"), beat("nyc1", "b", T0, 5, "standby"));
    HandoverGate.Verdict v = HandoverGate.judge(5, "ams3", beats, DEFAULTS, T0.plusSeconds(1));
    assertThat(v)
        .isEqualTo(new HandoverGate.Verdict.Waiting(List.of("nyc1/a"), T0.plusMillis(15_350)));
    assertThat(HandoverGate.judge(5, "ams3", beats, DEFAULTS, T0.plusMillis(15_349)))
        .isInstanceOf(HandoverGate.Verdict.Waiting.class);
    assertThat(HandoverGate.judge(5, "ams3", beats, DEFAULTS, T0.plusMillis(15_350)))
        .isInstanceOf(HandoverGate.Verdict.Open.class);
  }

  @Test
  void anActiveRoleUnderTheNewEpochIsNoAcknowledgement() {
    // A beat sent while the agent still held ACTIVE proves nothing, whatever epoch it names.
    HandoverGate.Verdict v =
        HandoverGate.judge(5, "ams3", List.of(beat("nyc1", "a", T0, 5, "active")), DEFAULTS, T0);
    assertThat(v).isInstanceOf(HandoverGate.Verdict.Waiting.class);
  }

  @Test
  void anAgentOlderThanTheProtocolIsWaitedOutAndTheTargetsOwnAgentsDoNotCount() {
    List<Heartbeat> beats =
        List.of(beat("nyc1", "old", T0, 0, null), beat("ams3", "x", T0, 4, "standby"));
    assertThat(HandoverGate.judge(5, "ams3", beats, DEFAULTS, T0))
        .isEqualTo(new HandoverGate.Verdict.Waiting(List.of("nyc1/old"), T0.plusMillis(15_350)));
    assertThat(HandoverGate.judge(5, "ams3", List.of(beats.get(1)), DEFAULTS, T0))
        .isInstanceOf(HandoverGate.Verdict.Open.class);
  }
}
