package dev.baton.testing;

import dev.baton.detection.FleetMonitor;
import dev.baton.detection.MonitorPorts;
import dev.baton.domain.Baton;
import dev.baton.domain.RegionState;
import dev.baton.domain.Topology;
import dev.baton.local.BatonTable;
import dev.baton.port.AuditLog;
import dev.baton.store.AuditItems;
import dev.baton.store.DynamoAuditLog;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.DynamoHeartbeatStore;
import dev.baton.store.DynamoRegionStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A fleet on moto for end-to-end tests: the table created from template.yaml, the baton placed, the
 * real DynamoDB adapters, an in-process promotion invoker and recorded metrics, and agents that
 * beat with the SDK. Everything is stopped on close.
 */
public final class MotoFleet implements AutoCloseable {
  private static final AtomicInteger TABLES = new AtomicInteger();

  public final DynamoDbClient dynamo;
  public final BatonTable table;
  public final Topology topology;
  public final Clock clock = Clock.systemUTC();
  public final RecordingPromotionInvoker invoker = new RecordingPromotionInvoker(clock);
  public final RecordingMetrics metrics = new RecordingMetrics();
  public final DynamoRegionStateStore regionStates;
  public final DynamoBatonStore batons;
  private final List<BeatingAgent> agents = new ArrayList<>();

  public MotoFleet(DynamoDbClient dynamo, Topology topology, String activeRegion) {
    this.dynamo = dynamo;
    this.topology = topology;
    this.table = BatonTable.create(dynamo, "fleet-" + TABLES.incrementAndGet());
    this.regionStates =
        new DynamoRegionStateStore(dynamo, table.name(), topology.regionNamesByPriority());
    this.batons = new DynamoBatonStore(dynamo, table.name(), Duration.ofHours(2));
    batons.initialize(Baton.initial(activeRegion, clock.instant()));
  }

  /** The ports of a monitor on this table (real adapters; in-process invoker and metrics). */
  public MonitorPorts ports() {
    return new MonitorPorts(
        new DynamoHeartbeatStore(dynamo, table.name()),
        regionStates,
        batons,
        new DynamoAuditLog(dynamo, table.name(), Duration.ofDays(1), new SplittableRandom()),
        invoker,
        metrics);
  }

  /** A monitor on this table, re-reading the table every heartbeat interval. */
  public FleetMonitor monitor(String requestedBy) {
    return new FleetMonitor(
        topology, ports(), clock, requestedBy, topology.timings().heartbeatInterval());
  }

  /** Starts an agent beating every heartbeat interval. */
  public BeatingAgent agent(String region, String instanceId) {
    return agent(region, instanceId, dev.baton.domain.HeartbeatStatus.HEALTHY);
  }

  /** Starts an agent whose first beats report {@code initial}. */
  public BeatingAgent agent(
      String region, String instanceId, dev.baton.domain.HeartbeatStatus initial) {
    BeatingAgent agent =
        BeatingAgent.start(
            dynamo,
            table.name(),
            region,
            instanceId,
            topology.timings().heartbeatInterval(),
            initial);
    agents.add(agent);
    return agent;
  }

  /** The stored region states. */
  public Map<String, RegionState> states() {
    return regionStates.loadAll();
  }

  /** The audit entries of the UTC day of {@code at}, in time order. */
  public List<AuditLog.Entry> audit(Instant at) {
    return dynamo
        .query(
            b ->
                b.tableName(table.name())
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(AuditItems.pk(at))))
                    .consistentRead(true))
        .items()
        .stream()
        .map(AuditItems::fromItem)
        .toList();
  }

  /** Waits until {@code condition} holds; false on timeout. */
  public static boolean await(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  @Override
  public void close() {
    agents.forEach(BeatingAgent::close);
  }
}
