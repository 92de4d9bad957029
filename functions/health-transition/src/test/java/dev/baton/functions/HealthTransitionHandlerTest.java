package dev.baton.functions;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
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
import dev.baton.testing.StreamRecords;
import dev.baton.testing.TestFleet;
import dev.baton.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample stream event of events/ (the one `sam local invoke` uses) through the handler. */
class HealthTransitionHandlerTest {
  private static final String SAMPLE = "../../events/stream-heartbeats.json";

  private final VirtualClock clock = new VirtualClock(Instant.ofEpochMilli(1795694405000L));
  private final InMemoryHeartbeatStore heartbeats = new InMemoryHeartbeatStore();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final FleetMonitor monitor =
      new FleetMonitor(
          TestFleet.topology("nyc1", "ams3"),
          new MonitorPorts(
              heartbeats,
              new InMemoryRegionStateStore(),
              new InMemoryBatonStore(TestFleet.baton("nyc1", 1)),
              audit,
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

  /**
   * Issue 13, finding 11, through the handler: the standby's app fails, then the active region's,
   * while every agent keeps beating UNHEALTHY. The beats prove the observer works: TOTAL_OUTAGE is
   * raised on the first evaluation that finds every region down, with each region's reason, and
   * OBSERVER_SUSPECT never.
   */
  @Test
  void everyRegionReportingItselfDownWhileBeatingIsATotalOutageRaisedAtOnce() {
    Instant start = clock.instant();
    Map<String, Heartbeat> last = new HashMap<>();
    double outageBefore50s = -1;
    for (int t = 0; t <= 60; t += 5) {
      clock.set(start.plusSeconds(t));
      if (t == 50) {
        outageBefore50s = metrics.sum(MetricNames.TOTAL_OUTAGE);
      }
      StreamsEventResponse response =
          handler.handleRequest(
              StreamRecords.event(
                  beat(last, "nyc1", "nyc1-a", t >= 50 ? UNHEALTHY : HEALTHY),
                  beat(last, "ams3", "ams3-a", t >= 30 ? UNHEALTHY : HEALTHY)),
              null);
      assertThat(response.getBatchItemFailures()).isEmpty();
    }

    assertThat(outageBefore50s).isZero();
    assertThat(metrics.sum(MetricNames.TOTAL_OUTAGE)).as("at 50, 55 and 60 s").isEqualTo(3);
    assertThat(metrics.sum(MetricNames.OBSERVER_SUSPECT)).isZero();
    assertThat(audit.entries("alarm"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.subject()).isEqualTo("TOTAL_OUTAGE");
              assertThat(e.at()).isEqualTo(start.plusSeconds(50));
              assertThat(e.reason())
                  .contains(
                      "nyc1: 0 of 1 instance up (1 needed), reported down by nyc1-a UNHEALTHY")
                  .contains(
                      "ams3: 0 of 1 instance up (1 needed), reported down by ams3-a UNHEALTHY")
                  .contains("(app: HTTP 503)");
            });
  }

  /** The instance's next beat, written to the table as the agent does; its stream record. */
  private DynamodbStreamRecord beat(
      Map<String, Heartbeat> last, String region, String instance, HeartbeatStatus status) {
    Heartbeat previous = last.get(instance);
    Heartbeat next =
        TestFleet.beat(
            region, instance, status, previous == null ? 1 : previous.seq() + 1, clock.instant());
    last.put(instance, next);
    heartbeats.put(next);
    return previous == null ? StreamRecords.insert(next) : StreamRecords.modify(previous, next);
  }
}
