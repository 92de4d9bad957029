package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static dev.baton.testing.TestFleet.T0;
import static dev.baton.testing.TestFleet.beat;
import static dev.baton.testing.TestFleet.topology;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.baton.domain.Baton;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.Topology;
import dev.baton.local.BatonTable;
import dev.baton.observability.MetricNames;
import dev.baton.port.AuditLog;
import dev.baton.store.AuditItems;
import dev.baton.store.DelegatingDynamoDb;
import dev.baton.store.DynamoAuditLog;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.DynamoHeartbeatStore;
import dev.baton.store.DynamoRegionStateStore;
import dev.baton.store.HeartbeatItems;
import dev.baton.testing.RecordingMetrics;
import dev.baton.testing.RecordingPromotionInvoker;
import dev.baton.testing.StreamRecords;
import dev.baton.testkit.MotoExtension;
import dev.baton.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * Issue 13, finding 8, against moto: a decision whose audit write fails is still audited, once, by
 * the next evaluation, although that evaluation finds the decision's state already stored.
 */
@ExtendWith(MotoExtension.class)
class AuditSurvivesIT {
  private static final AtomicInteger TABLES = new AtomicInteger();

  /** How the next audit put goes wrong: before it reaches the table, or after (answer lost). */
  private enum Fault {
    REFUSED,
    ANSWER_LOST
  }

  /** Every audit put is refused while set. */
  private boolean refuseAll;

  private final DynamoDbClient real;
  private final String table;
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final VirtualClock clock = new VirtualClock(T0);
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final FleetMonitor monitor;
  private final Map<String, Heartbeat> last = new HashMap<>();

  AuditSurvivesIT(DynamoDbClient dynamo) {
    this.real = dynamo;
    this.table = BatonTable.create(dynamo, "audit-" + TABLES.incrementAndGet()).name();
    // Only the audit log goes through it: every other call reaches moto unharmed.
    DynamoDbClient flaky =
        new DelegatingDynamoDb(dynamo) {
          @Override
          public PutItemResponse putItem(PutItemRequest request) {
            Fault fault = refuseAll ? Fault.REFUSED : faults.poll();
            if (fault == Fault.REFUSED) {
              throw ProvisionedThroughputExceededException.builder()
                  .statusCode(400)
                  .awsErrorDetails(
                      AwsErrorDetails.builder()
                          .errorCode("ProvisionedThroughputExceededException")
                          .errorMessage("Rate of requests exceeds the allowed throughput.")
                          .serviceName("DynamoDb")
                          .build())
                  .build();
            }
            PutItemResponse response = super.putItem(request);
            if (fault == Fault.ANSWER_LOST) {
              throw SdkClientException.create("Read timed out (the put had landed)");
            }
            return response;
          }
        };
    Topology topology = topology("nyc1", "ams3");
    DynamoBatonStore batons = new DynamoBatonStore(dynamo, table, Duration.ofHours(2));
    batons.initialize(Baton.initial("nyc1", T0));
    monitor =
        new FleetMonitor(
            topology,
            new MonitorPorts(
                new DynamoHeartbeatStore(dynamo, table),
                new DynamoRegionStateStore(dynamo, table, topology.regionNamesByPriority()),
                batons,
                new DynamoAuditLog(flaky, table, Duration.ofDays(1), new SplittableRandom(5)),
                new RecordingPromotionInvoker(clock),
                metrics),
            clock,
            "baton:health-transition",
            Duration.ofMinutes(5));
  }

  @Test
  void aTransitionWhoseAuditWriteWasRefusedIsAuditedByTheNextEvaluation() {
    healthyUntil(25);
    faults.add(Fault.REFUSED);

    StreamBatchResult first = beatAt(30, UNHEALTHY, HEALTHY);
    StreamBatchResult next = beatAt(35, UNHEALTHY, HEALTHY);

    assertThat(first.complete()).as("the decision was carried out: nothing to redeliver").isTrue();
    assertThat(next.complete()).isTrue();
    assertThat(transitions()).containsExactly("nyc1 HEALTHY->SUSPECT");
    assertThat(metrics.sum(MetricNames.AUDIT_WRITE_FAILED)).isZero();
  }

  @Test
  void aRetryAfterALostAnswerLeavesOneItemNotTwo() {
    healthyUntil(25);
    faults.add(Fault.ANSWER_LOST);

    beatAt(30, UNHEALTHY, HEALTHY);
    beatAt(35, UNHEALTHY, HEALTHY);

    assertThat(transitions()).containsExactly("nyc1 HEALTHY->SUSPECT");
    assertThat(metrics.sum(MetricNames.AUDIT_WRITE_FAILED)).isZero();
  }

  @Test
  void anAuditWriteRefusedAtEveryAttemptIsCountedAsLost() {
    healthyUntil(25);
    refuseAll = true;

    // The SUSPECT transition's audit is tried at 30, 35, 40, 45 and 50 s; the entries decided at
    // 40 s (UNHEALTHY, failover requested) have had three attempts by then.
    for (int t = 30; t < 30 + 5 * DecisionRunner.AUDIT_ATTEMPTS; t += 5) {
      beatAt(t, UNHEALTHY, HEALTHY);
    }

    assertThat(audit()).isEmpty();
    assertThat(metrics.sum(MetricNames.AUDIT_WRITE_FAILED)).isEqualTo(1);
  }

  private void healthyUntil(int seconds) {
    for (int t = 0; t <= seconds; t += 5) {
      beatAt(t, HEALTHY, HEALTHY);
    }
  }

  private StreamBatchResult beatAt(int seconds, HeartbeatStatus nyc1, HeartbeatStatus ams3) {
    clock.set(T0.plusSeconds(seconds));
    return monitor.onStreamRecords(
        List.of(beats("nyc1", "nyc1-a", nyc1), beats("ams3", "ams3-a", ams3)));
  }

  private DynamodbStreamRecord beats(String region, String instance, HeartbeatStatus status) {
    Heartbeat previous = last.get(region + "/" + instance);
    Heartbeat next =
        beat(region, instance, status, previous == null ? 1 : previous.seq() + 1, clock.instant());
    last.put(region + "/" + instance, next);
    real.putItem(
        b ->
            b.tableName(table).item(HeartbeatItems.toItem(next, clock.instant().plusSeconds(600))));
    return previous == null ? StreamRecords.insert(next) : StreamRecords.modify(previous, next);
  }

  /** The region transitions audited in the table, as {@code region FROM->TO}. */
  private List<String> transitions() {
    return audit().stream()
        .filter(e -> e.kind().equals("region-transition"))
        .map(e -> e.subject() + " " + e.details().get("from") + "->" + e.details().get("to"))
        .toList();
  }

  private List<AuditLog.Entry> audit() {
    return real
        .query(
            b ->
                b.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(AuditItems.pk(T0))))
                    .consistentRead(true))
        .items()
        .stream()
        .map(AuditItems::fromItem)
        .toList();
  }
}
