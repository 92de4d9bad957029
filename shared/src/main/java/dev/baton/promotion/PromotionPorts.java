package dev.baton.promotion;

import dev.baton.notify.Notifier;
import dev.baton.port.AuditLog;
import dev.baton.port.BatonStore;
import dev.baton.port.HeartbeatStore;
import dev.baton.port.Metrics;
import dev.baton.port.RegionStateStore;
import dev.baton.port.TrafficRouter;
import java.util.List;
import java.util.Objects;

/**
 * Everything outside the promotion logic that it talks to.
 *
 * @param batons the baton item (claims, mode changes, first placement)
 * @param regionStates the judged health of every region (the rules need it)
 * @param journal the promotion items
 * @param routers the topology's traffic routers, in topology order
 * @param probe probes the target's public health URL
 * @param notifier tells humans
 * @param audit records every decision and manual action
 * @param heartbeats the latest beats, read from the authority with strong consistency: the grant
 *     waits on them
 * @param metrics PromotionSucceeded and PromotionFailed (the detectors count Frozen: a deliberate
 *     freeze by an operator is not an alarm)
 */
public record PromotionPorts(
    BatonStore batons,
    RegionStateStore regionStates,
    PromotionJournal journal,
    List<TrafficRouter> routers,
    HealthProbe probe,
    Notifier notifier,
    AuditLog audit,
    HeartbeatStore heartbeats,
    Metrics metrics) {
  public PromotionPorts {
    Objects.requireNonNull(batons, "batons");
    Objects.requireNonNull(regionStates, "regionStates");
    Objects.requireNonNull(journal, "journal");
    routers = List.copyOf(routers);
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(heartbeats, "heartbeats");
    Objects.requireNonNull(metrics, "metrics");
    if (routers.stream().map(TrafficRouter::name).distinct().count() != routers.size()) {
      throw new IllegalArgumentException(
          "routers: each router name once (journal steps are named after them), was "
              + routers.stream().map(TrafficRouter::name).toList());
    }
  }
}
