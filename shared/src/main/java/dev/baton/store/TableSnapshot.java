package dev.baton.store;

import dev.baton.domain.Baton;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.RegionState;
import dev.baton.port.AuditLog;
import dev.baton.promotion.PromotionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Baton keeps in its table at one moment, read in one scan: the baton, each region's
 * stored state, each instance's latest heartbeat, and the promotions (newest first).
 *
 * @param readAt when the scan finished (the reader's clock)
 * @param baton the baton, empty before the first placement
 * @param regionStates stored region states, by region
 * @param heartbeats latest heartbeat of every instance
 * @param promotions promotions, newest first
 * @param audit audited decisions (alarms, failover requests, transitions), oldest first
 * @param problems items that could not be read, one sentence each (item key and attribute)
 */
public record TableSnapshot(
    Instant readAt,
    Optional<Baton> baton,
    Map<String, RegionState> regionStates,
    List<Heartbeat> heartbeats,
    List<PromotionRecord> promotions,
    List<AuditLog.Entry> audit,
    List<String> problems) {
  public TableSnapshot {
    regionStates = Map.copyOf(regionStates);
    heartbeats = List.copyOf(heartbeats);
    promotions = List.copyOf(promotions);
    audit = List.copyOf(audit);
    problems = List.copyOf(problems);
  }
}
