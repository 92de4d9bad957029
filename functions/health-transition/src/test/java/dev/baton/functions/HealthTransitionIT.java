package dev.baton.functions;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static dev.baton.testing.MotoFleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.baton.detection.DetectorWiring;
import dev.baton.detection.FleetMonitor;
import dev.baton.detection.StaleHeartbeatSweep;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.Timings;
import dev.baton.domain.Topology;
import dev.baton.local.StreamPoller;
import dev.baton.observability.MetricNames;
import dev.baton.port.AuditLog;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.testing.BeatingAgent;
import dev.baton.testing.MotoFleet;
import dev.baton.testing.RecordingPromotionInvoker;
import dev.baton.testing.TestFleet;
import dev.baton.testkit.MotoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * End to end on moto: agents write heartbeats with the SDK, the table's real stream is read by the
 * stream poller, which calls the handler as Lambda would; region states and audit items land in the
 * table, promotion requests in an in-process invoker. Timings are scaled down (heartbeat 500 ms,
 * stale 1 s, fail 1.5 s, startup grace 1 s).
 */
@ExtendWith(MotoExtension.class)
class HealthTransitionIT {
  private static final Duration BEAT = Duration.ofMillis(500);
  private static final Timings TIMINGS = TestFleet.scaled(BEAT, Duration.ofSeconds(1));
  private static final Topology TOPOLOGY = TestFleet.topology(TIMINGS, "nyc1", "ams3");
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final DynamoDbClient dynamo;
  private final DynamoDbStreamsClient streams;
  private final List<StreamPoller.Delivery> deliveries =
      Collections.synchronizedList(new ArrayList<>());

  HealthTransitionIT(DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
    this.dynamo = dynamo;
    this.streams = streams;
  }

  private static HealthTransitionHandler handler(FleetMonitor monitor, MotoFleet fleet) {
    return new HealthTransitionHandler(
        () ->
            new DetectorWiring(
                monitor,
                new StaleHeartbeatSweep(monitor, List::of, fleet.metrics),
                new PromotionRequestCodec(TOPOLOGY)));
  }

  private StreamPoller poller(
      MotoFleet fleet,
      HealthTransitionHandler handler,
      UnaryOperator<List<DynamodbStreamRecord>> rewriter) {
    return StreamPoller.builder(
            streams, fleet.table.streamArn(), e -> handler.handleRequest(e, null))
        .heartbeatsOnly()
        .batchSize(100)
        .batchingWindow(Duration.ofMillis(100))
        .pollInterval(Duration.ofMillis(50))
        .startingPosition(StreamPoller.StartingPosition.TRIM_HORIZON)
        .rewriteReads(rewriter)
        .onDelivery(deliveries::add)
        .start();
  }

  /** Both regions stored HEALTHY: the startup grace is over and the monitor judges. */
  private static void awaitJudging(MotoFleet fleet) throws InterruptedException {
    assertThat(
            await(
                WAIT,
                () -> {
                  var states = fleet.states();
                  return states.size() == 2
                      && states.values().stream().allMatch(s -> s.health() == RegionHealth.HEALTHY);
                }))
        .as("both regions judged HEALTHY after the startup grace")
        .isTrue();
  }

  private static boolean requested(RecordingPromotionInvoker invoker) {
    return !invoker.requests().isEmpty();
  }

  @Test
  void theActiveRegionsAppReportedUnhealthyIsFailedOverWithStatesAndAuditInTheTable()
      throws Exception {
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      FleetMonitor monitor = fleet.monitor(HealthTransitionHandler.REQUESTED_BY);
      try (StreamPoller poller = poller(fleet, handler(monitor, fleet), page -> page)) {
        BeatingAgent nyc = fleet.agent("nyc1", "nyc1-a");
        fleet.agent("ams3", "ams3-a");
        awaitJudging(fleet);

        nyc.report(UNHEALTHY);

        assertThat(await(WAIT, () -> requested(fleet.invoker))).isTrue();
      }
      RecordingPromotionInvoker.Sent sent = fleet.invoker.sent().get(0);
      assertThat(sent.request())
          .isInstanceOfSatisfying(
              PromotionRequest.AutoFailover.class,
              r -> {
                assertThat(r.from()).isEqualTo("nyc1");
                assertThat(r.to()).isEqualTo("ams3");
                assertThat(r.expectedEpoch()).isEqualTo(1);
                assertThat(r.requestedBy()).isEqualTo("baton:health-transition");
              });
      assertThat(fleet.states().get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
      assertThat(fleet.states().get("ams3").health()).isEqualTo(RegionHealth.HEALTHY);
      List<AuditLog.Entry> audit = fleet.audit(sent.at());
      assertThat(audit)
          .filteredOn(e -> e.kind().equals("region-transition"))
          .extracting(e -> e.subject() + " " + e.details().get("to"))
          .containsSubsequence("nyc1 SUSPECT", "nyc1 UNHEALTHY");
      assertThat(audit).filteredOn(e -> e.kind().equals("failover-requested")).hasSize(1);
      assertThat(audit).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
    }
  }

  @Test
  void aSilentActiveRegionIsDetectedByTheStreamFunctionWithinTheWorstCaseBound() throws Exception {
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      FleetMonitor monitor = fleet.monitor(HealthTransitionHandler.REQUESTED_BY);
      Heartbeat last;
      try (StreamPoller poller = poller(fleet, handler(monitor, fleet), page -> page)) {
        BeatingAgent nyc = fleet.agent("nyc1", "nyc1-a");
        fleet.agent("ams3", "ams3-a");
        awaitJudging(fleet);

        last = nyc.silence();

        assertThat(await(WAIT, () -> requested(fleet.invoker))).isTrue();
      }
      RecordingPromotionInvoker.Sent sent = fleet.invoker.sent().get(0);
      Duration latency = Duration.between(last.sentAt(), sent.at());
      Duration bound = TIMINGS.worstCaseDetection().plusSeconds(1);
      System.out.printf(
          "detection latency %d ms (bound %d ms = failAfter + heartbeatInterval + 1 s)%n",
          latency.toMillis(), bound.toMillis());
      assertThat(latency).isLessThanOrEqualTo(bound);
      assertThat(((PromotionRequest.AutoFailover) sent.request()).requestedBy())
          .as("no sweeper runs here: the stream function saw the silence")
          .isEqualTo("baton:health-transition");
      assertThat(fleet.states().get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
    }
  }

  @Test
  void aBlipShorterThanFailAfterRequestsNothing() throws Exception {
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      FleetMonitor monitor = fleet.monitor(HealthTransitionHandler.REQUESTED_BY);
      try (StreamPoller poller = poller(fleet, handler(monitor, fleet), page -> page)) {
        BeatingAgent nyc = fleet.agent("nyc1", "nyc1-a");
        fleet.agent("ams3", "ams3-a");
        awaitJudging(fleet);

        nyc.report(UNHEALTHY);
        assertThat(await(WAIT, () -> nyc.lastBeat().status() == UNHEALTHY)).isTrue();
        nyc.report(HEALTHY);
        Thread.sleep(TIMINGS.failAfter().multipliedBy(3).toMillis());
        assertThat(poller.awaitDrained(WAIT)).isTrue();
      }
      assertThat(fleet.invoker.requests()).isEmpty();
      assertThat(fleet.states().get("nyc1").health()).isEqualTo(RegionHealth.HEALTHY);
      assertThat(fleet.audit(fleet.clock.instant()))
          .filteredOn(e -> e.details().getOrDefault("to", "").equals("UNHEALTHY"))
          .isEmpty();
    }
  }

  @Test
  void duplicatedAndReorderedRecordsChangeNothing() throws Exception {
    AtomicReference<DynamodbStreamRecord> zombie = new AtomicReference<>();
    AtomicReference<List<DynamodbStreamRecord>> previous = new AtomicReference<>(List.of());
    UnaryOperator<List<DynamodbStreamRecord>> replayAndReverse =
        page -> {
          // The first nyc1 record (an UNHEALTHY beat from the grace) keeps coming back late.
          page.stream()
              .filter(r -> r.getDynamodb().getKeys().get("pk").getS().equals("HB#nyc1"))
              .findFirst()
              .ifPresent(r -> zombie.compareAndSet(null, r));
          List<DynamodbStreamRecord> out = new ArrayList<>(page);
          Collections.reverse(out);
          out.addAll(previous.getAndSet(List.copyOf(page)));
          if (zombie.get() != null && !page.contains(zombie.get())) {
            out.add(zombie.get());
          }
          return out;
        };
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      FleetMonitor monitor = fleet.monitor(HealthTransitionHandler.REQUESTED_BY);
      try (StreamPoller poller = poller(fleet, handler(monitor, fleet), replayAndReverse)) {
        BeatingAgent nyc = fleet.agent("nyc1", "nyc1-a", UNHEALTHY);
        assertThat(await(WAIT, () -> nyc.lastBeat() != null)).isTrue();
        nyc.report(HEALTHY);
        fleet.agent("ams3", "ams3-a");
        awaitJudging(fleet);
        Thread.sleep(TIMINGS.failAfter().multipliedBy(3).toMillis());
        assertThat(poller.awaitDrained(WAIT)).isTrue();
      }
      assertThat(
              fleet.metrics.sum(
                  MetricNames.RECORDS_IGNORED, Map.of(MetricNames.CAUSE, "out-of-order")))
          .isPositive();
      assertThat(
              fleet.metrics.sum(
                  MetricNames.RECORDS_IGNORED, Map.of(MetricNames.CAUSE, "duplicate")))
          .isPositive();
      assertThat(fleet.invoker.requests()).isEmpty();
      assertThat(fleet.states().get("nyc1").health()).isEqualTo(RegionHealth.HEALTHY);
      assertThat(fleet.audit(fleet.clock.instant()))
          .filteredOn(e -> e.kind().equals("region-transition"))
          .isEmpty();
    }
  }

  @Test
  void ttlRemovalsAsLambdaDeliversThemChangeNothing() throws Exception {
    UnaryOperator<List<DynamodbStreamRecord>> withTtlRemovals =
        page -> {
          List<DynamodbStreamRecord> out = new ArrayList<>();
          for (DynamodbStreamRecord record : page) {
            out.add(record);
            if (record.getDynamodb().getKeys().get("pk").getS().equals("HB#nyc1")) {
              out.add(ttlRemovalOf(record));
            }
          }
          return out;
        };
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      FleetMonitor monitor = fleet.monitor(HealthTransitionHandler.REQUESTED_BY);
      try (StreamPoller poller = poller(fleet, handler(monitor, fleet), withTtlRemovals)) {
        fleet.agent("nyc1", "nyc1-a");
        fleet.agent("ams3", "ams3-a");
        awaitJudging(fleet);
        Thread.sleep(TIMINGS.failAfter().multipliedBy(3).toMillis());
        assertThat(poller.awaitDrained(WAIT)).isTrue();
      }
      assertThat(
              fleet.metrics.sum(
                  MetricNames.RECORDS_IGNORED, Map.of(MetricNames.CAUSE, "ttl-expiry")))
          .isGreaterThanOrEqualTo(5);
      assertThat(fleet.invoker.requests()).isEmpty();
      assertThat(fleet.states().get("nyc1").health()).isEqualTo(RegionHealth.HEALTHY);
      assertThat(fleet.audit(fleet.clock.instant()))
          .filteredOn(e -> e.kind().equals("region-transition"))
          .isEmpty();
    }
  }

  @Test
  void aMalformedRecordInTheMiddleOfABatchIsSkippedWithoutBlockingTheStream() throws Exception {
    AtomicBoolean inject = new AtomicBoolean();
    AtomicReference<String> badSequence = new AtomicReference<>();
    UnaryOperator<List<DynamodbStreamRecord>> oneBadRecord =
        page -> {
          // Rewrites apply before the heartbeat filter: the bad copy must be of a heartbeat
          // record, or the filter drops it with the state and audit writes.
          int at = 0;
          while (at < page.size() && !StreamPoller.isHeartbeat(page.get(at))) {
            at++;
          }
          if (at == page.size() || !inject.compareAndSet(true, false)) {
            return page;
          }
          DynamodbStreamRecord first = page.get(at);
          DynamodbStreamRecord bad = malformedCopyOf(first);
          badSequence.set(bad.getDynamodb().getSequenceNumber());
          List<DynamodbStreamRecord> out = new ArrayList<>(page.subList(0, at + 1));
          out.add(bad);
          // A redelivered copy of the record makes sure something follows the bad one.
          out.addAll(at + 1 < page.size() ? page.subList(at + 1, page.size()) : List.of(first));
          return out;
        };
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      FleetMonitor monitor = fleet.monitor(HealthTransitionHandler.REQUESTED_BY);
      try (StreamPoller poller = poller(fleet, handler(monitor, fleet), oneBadRecord)) {
        BeatingAgent nyc = fleet.agent("nyc1", "nyc1-a");
        fleet.agent("ams3", "ams3-a");
        awaitJudging(fleet);

        inject.set(true);
        nyc.report(UNHEALTHY);

        assertThat(await(WAIT, () -> requested(fleet.invoker))).isTrue();
      }
      assertThat(badSequence.get()).isNotNull();
      assertThat(fleet.metrics.sum(MetricNames.MALFORMED_RECORD)).isEqualTo(1);
      List<StreamPoller.Delivery> all = List.copyOf(deliveries);
      assertThat(all)
          .filteredOn(d -> d.sequenceNumbers().contains(badSequence.get()))
          .singleElement()
          .satisfies(
              d -> {
                int at = d.sequenceNumbers().indexOf(badSequence.get());
                assertThat(at).isPositive().isLessThan(d.sequenceNumbers().size() - 1);
              });
      assertThat(all).allSatisfy(d -> assertThat(d.failedItems()).isEmpty());
      assertThat(all).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(1));
      assertThat(fleet.invoker.requests(PromotionRequest.AutoFailover.class)).hasSize(1);
    }
  }

  @Test
  void snapStartPrimingWritesNothingAndARestoredHandlerRebuildsItsWiring() throws Exception {
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      fleet.agent("nyc1", "nyc1-a");
      fleet.agent("ams3", "ams3-a");
      AtomicInteger builds = new AtomicInteger();
      HealthTransitionHandler handler =
          new HealthTransitionHandler(
              () -> {
                builds.incrementAndGet();
                FleetMonitor monitor = fleet.monitor(HealthTransitionHandler.REQUESTED_BY);
                return new DetectorWiring(
                    monitor,
                    new StaleHeartbeatSweep(monitor, List::of, fleet.metrics),
                    new PromotionRequestCodec(TOPOLOGY));
              });
      Thread.sleep(BEAT.toMillis() * 2);
      int itemsBefore = nonHeartbeatItems(fleet);

      handler.beforeCheckpoint(null);
      int itemsAfter = nonHeartbeatItems(fleet);
      handler.afterRestore(null);

      assertThat(itemsAfter)
          .as("priming writes no state, audit or baton item")
          .isEqualTo(itemsBefore);
      assertThat(fleet.metrics.points()).as("priming raises no metric").isEmpty();
      assertThat(builds.get()).isEqualTo(2);
      try (StreamPoller poller = poller(fleet, handler, page -> page)) {
        awaitJudging(fleet);
      }
    }
  }

  private int nonHeartbeatItems(MotoFleet fleet) {
    return (int)
        dynamo.scan(b -> b.tableName(fleet.table.name())).items().stream()
            .filter(i -> !i.get("pk").s().startsWith("HB#"))
            .count();
  }

  /** The TTL deletion of the item {@code record} wrote, as DynamoDB streams it. */
  private static DynamodbStreamRecord ttlRemovalOf(DynamodbStreamRecord record) {
    DynamodbStreamRecord removal = new DynamodbStreamRecord();
    removal.setEventSourceARN(record.getEventSourceARN());
    removal.setEventID(record.getEventID() + "-ttl");
    removal.setEventName("REMOVE");
    removal.setEventVersion(record.getEventVersion());
    removal.setEventSource(record.getEventSource());
    removal.setAwsRegion(record.getAwsRegion());
    removal.setUserIdentity(
        new Identity().withType("Service").withPrincipalId("dynamodb.amazonaws.com"));
    StreamRecord dynamodb = new StreamRecord();
    dynamodb.setKeys(record.getDynamodb().getKeys());
    dynamodb.setOldImage(record.getDynamodb().getNewImage());
    dynamodb.setSequenceNumber(record.getDynamodb().getSequenceNumber() + "1");
    dynamodb.setSizeBytes(record.getDynamodb().getSizeBytes());
    dynamodb.setStreamViewType(
        com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType
            .NEW_AND_OLD_IMAGES);
    dynamodb.setApproximateCreationDateTime(record.getDynamodb().getApproximateCreationDateTime());
    removal.setDynamodb(dynamodb);
    return removal;
  }

  /** A copy of {@code record} whose new image lacks {@code seq}. */
  private static DynamodbStreamRecord malformedCopyOf(DynamodbStreamRecord record) {
    DynamodbStreamRecord bad = ttlRemovalOf(record);
    bad.setEventName(record.getEventName());
    bad.setUserIdentity(null);
    bad.getDynamodb().setSequenceNumber(record.getDynamodb().getSequenceNumber() + "7");
    bad.getDynamodb().setOldImage(record.getDynamodb().getOldImage());
    Map<String, AttributeValue> image = new LinkedHashMap<>(record.getDynamodb().getNewImage());
    image.remove("seq");
    bad.getDynamodb().setNewImage(image);
    return bad;
  }
}
