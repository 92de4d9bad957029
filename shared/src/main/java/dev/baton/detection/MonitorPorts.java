package dev.baton.detection;

import dev.baton.port.AuditLog;
import dev.baton.port.BatonStore;
import dev.baton.port.HeartbeatStore;
import dev.baton.port.Metrics;
import dev.baton.port.PromotionInvoker;
import dev.baton.port.RegionStateStore;
import java.util.Objects;

/**
 * Everything the fleet monitor reaches outside itself: the table, the promotion function, metrics.
 */
public record MonitorPorts(
    HeartbeatStore heartbeats,
    RegionStateStore regionStates,
    BatonStore baton,
    AuditLog audit,
    PromotionInvoker promotions,
    Metrics metrics) {
  public MonitorPorts {
    Objects.requireNonNull(heartbeats, "heartbeats");
    Objects.requireNonNull(regionStates, "regionStates");
    Objects.requireNonNull(baton, "baton");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(promotions, "promotions");
    Objects.requireNonNull(metrics, "metrics");
  }
}
