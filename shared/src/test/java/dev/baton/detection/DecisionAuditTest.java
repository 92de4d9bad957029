package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static dev.baton.testing.TestFleet.baton;
import static dev.baton.testing.TestFleet.topology;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.PromotionRequest;
import dev.baton.domain.RegionHealth;
import dev.baton.observability.MetricNames;
import dev.baton.port.AuditLog;
import dev.baton.port.DependencyException;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, finding 8: a decision's audit record survives a failed write. It is retried, under the
 * same id, before the next evaluation's decisions (which find the decision's state already stored
 * and would never audit it again); one given up is counted in {@code AuditWriteFailed}.
 */
class DecisionAuditTest {
  private final MonitorHarness fleet = new MonitorHarness(topology("nyc1", "ams3"));

  DecisionAuditTest() {
    fleet.batons.put(baton("nyc1", 3));
  }

  private static DependencyException throttled() {
    return new DependencyException("dynamodb", "write audit item: throttled", true, null);
  }

  @Test
  void aTransitionWhoseAuditWriteFailedIsAuditedOnceByTheNextEvaluation() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    fleet.audit.failNext(throttled());

    StreamBatchResult failedWrite = fleet.beatAt(30, UNHEALTHY, HEALTHY);
    StreamBatchResult next = fleet.beatAt(35, UNHEALTHY, HEALTHY);

    assertThat(failedWrite.complete()).isTrue();
    assertThat(next.complete()).isTrue();
    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.SUSPECT);
    assertThat(fleet.audit.entries("region-transition"))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("to", "SUSPECT"));
    assertThat(fleet.metrics.sum(MetricNames.AUDIT_WRITE_FAILED)).isZero();
  }

  @Test
  void aFailedAuditWriteDoesNotStopTheRestOfTheDecision() {
    for (int t = 0; t <= 40; t += 5) {
      fleet.beatAt(t, t < 30 ? HEALTHY : UNHEALTHY, HEALTHY);
    }
    // Down from 27.5 s (midway between the last HEALTHY beat and the first UNHEALTHY one): at 45 s
    // nyc1 turns UNHEALTHY and a failover is requested: its transition's audit fails.
    fleet.audit.failNext(throttled());

    fleet.beatAt(45, UNHEALTHY, HEALTHY);

    assertThat(fleet.invoker.requests(PromotionRequest.AutoFailover.class)).hasSize(1);
    assertThat(fleet.audit.entries())
        .extracting(AuditLog.Entry::kind)
        .containsExactly("region-transition", "failover-requested");

    fleet.beatAt(50, UNHEALTHY, HEALTHY);

    assertThat(fleet.audit.entries())
        .extracting(e -> e.kind() + " " + e.details().getOrDefault("to", ""))
        .containsExactly(
            "region-transition SUSPECT", "failover-requested ams3", "region-transition UNHEALTHY");
  }

  @Test
  void anAuditWriteARetryCannotFixIsCountedAsLostAtOnce() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    fleet.audit.failNext(
        new DependencyException("dynamodb", "write audit item: AccessDenied", false, null));

    fleet.beatAt(30, UNHEALTHY, HEALTHY);
    int attempts = fleet.audit.attempts();
    fleet.beatAt(35, UNHEALTHY, HEALTHY);

    assertThat(fleet.metrics.sum(MetricNames.AUDIT_WRITE_FAILED)).isEqualTo(1);
    assertThat(fleet.audit.attempts()).as("not retried").isEqualTo(attempts);
    assertThat(fleet.audit.entries("region-transition")).isEmpty();
    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.SUSPECT);
  }

  @Test
  void anAuditEntryStillWaitingSurvivesAMonitorRestart() {
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    fleet.audit.failNext(throttled());
    fleet.beatAt(30, UNHEALTHY, HEALTHY);

    fleet.monitor.restart();
    fleet.beatAt(35, UNHEALTHY, HEALTHY);

    assertThat(fleet.audit.entries("region-transition")).hasSize(1);
  }

  @Test
  void theSameDecisionHasTheSameIdAndAnotherDecisionAnother() {
    AuditLog.Entry entry =
        new AuditLog.Entry(
            fleet.now(), "alarm", "OBSERVER_SUSPECT", "no beat", java.util.Map.of("a", "1"));
    AuditLog.Entry same =
        new AuditLog.Entry(
            fleet.now(), "alarm", "OBSERVER_SUSPECT", "no beat", java.util.Map.of("a", "1"));
    AuditLog.Entry other =
        new AuditLog.Entry(
            fleet.now(), "alarm", "OBSERVER_SUSPECT", "no beat", java.util.Map.of("a", "2"));

    assertThat(entry.contentId()).matches("[0-9a-f]{16}").isEqualTo(same.contentId());
    assertThat(other.contentId()).isNotEqualTo(entry.contentId());
  }
}
