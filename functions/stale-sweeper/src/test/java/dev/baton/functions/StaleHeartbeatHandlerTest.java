package dev.baton.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.baton.detection.DetectorWiring;
import dev.baton.detection.FleetMonitor;
import dev.baton.detection.MonitorPorts;
import dev.baton.detection.StaleHeartbeatSweep;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.observability.MetricNames;
import dev.baton.port.ReadinessCheck;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.testing.InMemoryAuditLog;
import dev.baton.testing.InMemoryBatonStore;
import dev.baton.testing.InMemoryHeartbeatStore;
import dev.baton.testing.InMemoryRegionStateStore;
import dev.baton.testing.RecordingMetrics;
import dev.baton.testing.RecordingPromotionInvoker;
import dev.baton.testing.TestFleet;
import dev.baton.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample schedule event of events/ through the handler. */
class StaleHeartbeatHandlerTest {
  private static final Instant SCHEDULED = Instant.parse("2026-11-26T12:01:00Z");

  private final VirtualClock clock = new VirtualClock(SCHEDULED.minusSeconds(60));
  private final InMemoryHeartbeatStore heartbeats = new InMemoryHeartbeatStore();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final RecordingPromotionInvoker invoker = new RecordingPromotionInvoker(clock);

  private StaleHeartbeatHandler handler(ReadinessCheck readiness) {
    FleetMonitor monitor =
        new FleetMonitor(
            TestFleet.topology("nyc1", "ams3"),
            new MonitorPorts(
                heartbeats,
                new InMemoryRegionStateStore(),
                new InMemoryBatonStore(TestFleet.baton("nyc1", 1)),
                new InMemoryAuditLog(),
                invoker,
                metrics),
            clock,
            StaleHeartbeatHandler.REQUESTED_BY,
            Duration.ofMinutes(1));
    return new StaleHeartbeatHandler(
        () ->
            new DetectorWiring(
                monitor,
                new StaleHeartbeatSweep(monitor, readiness, metrics),
                new PromotionRequestCodec()));
  }

  @Test
  void aSweepOfASilentFleetMarksItsBeatsStaleAndSuspectsTheObserver() {
    heartbeats.put(TestFleet.healthy("nyc1", "nyc1-a", 5, clock.instant()));
    heartbeats.put(TestFleet.healthy("ams3", "ams3-a", 9, clock.instant()));
    StaleHeartbeatHandler handler = handler(List::of);
    clock.set(SCHEDULED);
    ScheduledEvent event = EventLoader.loadScheduledEvent("../../events/schedule.json");

    Map<String, Object> summary = handler.handleRequest(event, null);

    assertThat(summary).containsEntry("markedStale", 2).containsEntry("instances", 2);
    assertThat(summary.get("readinessProblems")).isEqualTo(List.of());
    assertThat(heartbeats.get("nyc1", "nyc1-a").status()).isEqualTo(HeartbeatStatus.STALE);
    assertThat(metrics.sum(MetricNames.OBSERVER_SUSPECT)).isEqualTo(1);
    assertThat(invoker.requests()).isEmpty();
  }

  @Test
  void readinessProblemsAreReportedAndCounted() {
    StaleHeartbeatHandler handler =
        handler(() -> List.of(new ReadinessCheck.Problem("route53", "*", "zone Z1 not found")));
    clock.set(SCHEDULED);

    Map<String, Object> summary =
        handler.handleRequest(EventLoader.loadScheduledEvent("../../events/schedule.json"), null);

    assertThat(summary.get("readinessProblems")).isEqualTo(List.of("route53 *: zone Z1 not found"));
    assertThat(metrics.sum(MetricNames.READINESS_FAILED)).isEqualTo(1);
  }
}
