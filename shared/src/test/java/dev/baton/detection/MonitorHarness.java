package dev.baton.detection;

import static dev.baton.testing.TestFleet.T0;
import static dev.baton.testing.TestFleet.beat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.InstanceKey;
import dev.baton.domain.Topology;
import dev.baton.testing.InMemoryAuditLog;
import dev.baton.testing.InMemoryBatonStore;
import dev.baton.testing.InMemoryHeartbeatStore;
import dev.baton.testing.InMemoryRegionStateStore;
import dev.baton.testing.RecordingMetrics;
import dev.baton.testing.RecordingPromotionInvoker;
import dev.baton.testing.StreamRecords;
import dev.baton.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet monitor wired to in-memory fakes, with agents that beat on demand: each beat is written
 * to the fake table (as the agent's put) and returned as the stream record Lambda would deliver.
 */
final class MonitorHarness {
  final VirtualClock clock = new VirtualClock(T0);
  final InMemoryHeartbeatStore heartbeats = new InMemoryHeartbeatStore();
  final InMemoryRegionStateStore states = new InMemoryRegionStateStore();
  final InMemoryBatonStore batons = new InMemoryBatonStore();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final RecordingPromotionInvoker invoker = new RecordingPromotionInvoker(clock);
  final RecordingMetrics metrics = new RecordingMetrics();
  final FleetMonitor monitor;
  private final Map<InstanceKey, Heartbeat> last = new HashMap<>();

  MonitorHarness(Topology topology) {
    this(topology, Duration.ofMinutes(5));
  }

  MonitorHarness(Topology topology, Duration resyncInterval) {
    monitor =
        new FleetMonitor(
            topology,
            new MonitorPorts(heartbeats, states, batons, audit, invoker, metrics),
            clock,
            "baton:health-transition",
            resyncInterval);
  }

  /** Moves the clock to {@code seconds} after T0. */
  MonitorHarness at(double seconds) {
    clock.set(T0.plusMillis((long) (seconds * 1000)));
    return this;
  }

  Instant now() {
    return clock.instant();
  }

  /** The instance beats now with its next seq; the record as the stream delivers it. */
  DynamodbStreamRecord beats(String region, String instance, HeartbeatStatus status) {
    InstanceKey key = new InstanceKey(region, instance);
    Heartbeat previous = last.get(key);
    Heartbeat next =
        beat(region, instance, status, previous == null ? 1 : previous.seq() + 1, now());
    last.put(key, next);
    heartbeats.put(next);
    return previous == null ? StreamRecords.insert(next) : StreamRecords.modify(previous, next);
  }

  StreamBatchResult deliver(DynamodbStreamRecord... records) {
    return monitor.onStreamRecords(List.of(records));
  }

  /** Every listed instance beats at {@code seconds} with {@code status}; one batch. */
  StreamBatchResult beatAt(double seconds, HeartbeatStatus nyc1, HeartbeatStatus ams3) {
    at(seconds);
    return deliver(beats("nyc1", "nyc1-a", nyc1), beats("ams3", "ams3-a", ams3));
  }
}
