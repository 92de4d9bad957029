package dev.baton.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.baton.detection.DetectorWiring;
import dev.baton.detection.FleetMonitor;
import dev.baton.detection.MonitorPorts;
import dev.baton.detection.StaleHeartbeatSweep;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.observability.MetricNames;
import dev.baton.port.DependencyException;
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

/** The sample stream event of events/ (the one `sam local invoke` uses) through the handler. */
class HealthTransitionHandlerTest {
  private static final String SAMPLE = "../../events/stream-heartbeats.json";

  private final VirtualClock clock = new VirtualClock(Instant.ofEpochMilli(1795694405000L));
  private final InMemoryHeartbeatStore heartbeats = new InMemoryHeartbeatStore();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final FleetMonitor monitor =
      new FleetMonitor(
          TestFleet.topology("nyc1", "ams3"),
          new MonitorPorts(
              heartbeats,
              new InMemoryRegionStateStore(),
              new InMemoryBatonStore(TestFleet.baton("nyc1", 1)),
              new InMemoryAuditLog(),
              new RecordingPromotionInvoker(clock),
              metrics),
          clock,
          HealthTransitionHandler.REQUESTED_BY,
          Duration.ofSeconds(5));
  private final HealthTransitionHandler handler =
      new HealthTransitionHandler(
          () ->
              new DetectorWiring(
                  monitor,
                  new StaleHeartbeatSweep(monitor, List::of, metrics),
                  new PromotionRequestCodec()));

  @Test
  void theSampleEventIsAppliedAndItsTtlDeletionIgnored() {
    DynamodbEvent event = EventLoader.loadDynamoDbEvent(SAMPLE);

    StreamsEventResponse response = handler.handleRequest(event, null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(monitor.beatsInView())
        .extracting(Heartbeat::instanceId, Heartbeat::status, Heartbeat::seq)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("nyc1-app-1", HeartbeatStatus.HEALTHY, 1L),
            org.assertj.core.groups.Tuple.tuple("ams3-app-1", HeartbeatStatus.DEGRADED, 42L));
    assertThat(monitor.beatsInView())
        .filteredOn(b -> b.instanceId().equals("ams3-app-1"))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.observedAt()).isEqualTo(Instant.ofEpochSecond(1795694403));
              assertThat(b.checks().get("app").ok()).isFalse();
              assertThat(b.checks().get("app").detail()).isEqualTo("timeout after 2000 ms");
            });
    assertThat(metrics.sum(MetricNames.RECORDS_IGNORED, Map.of(MetricNames.CAUSE, "ttl-expiry")))
        .isEqualTo(1);
  }

  @Test
  void aTableThatCannotBeReadAnswersWithTheFirstRecordForRedelivery() {
    DynamodbEvent event = EventLoader.loadDynamoDbEvent(SAMPLE);
    heartbeats.failNext(new DependencyException("dynamodb", "throttled", true, null));

    StreamsEventResponse response = handler.handleRequest(event, null);

    assertThat(response.getBatchItemFailures())
        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("4421584500000000017450439091");
  }

  @Test
  void anEmptyEventIsAnsweredWithNoFailures() {
    assertThat(handler.handleRequest(new DynamodbEvent(), null).getBatchItemFailures()).isEmpty();
  }
}
