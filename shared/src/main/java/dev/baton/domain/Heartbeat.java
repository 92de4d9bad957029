package dev.baton.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One heartbeat of one instance, as the agent wrote it (docs/architecture.md).
 *
 * @param region the DigitalOcean region, e.g. {@code nyc1}
 * @param instanceId the droplet's id or name, unique within the region
 * @param status what the agent reported
 * @param seq per-instance sequence number, strictly increasing across agent restarts
 * @param sentAt the agent's clock when it wrote the beat
 * @param checks the probes behind the status, by name
 * @param agentVersion the agent's version
 * @param observedAt when the store saw the write (stream record time), or null when unknown; used
 *     to detect agent clock skew
 */
public record Heartbeat(
    String region,
    String instanceId,
    HeartbeatStatus status,
    long seq,
    Instant sentAt,
    Map<String, Check> checks,
    String agentVersion,
    Instant observedAt) {

  public Heartbeat {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(sentAt, "sentAt");
    checks = checks == null ? Map.of() : Map.copyOf(checks);
    agentVersion = Objects.requireNonNullElse(agentVersion, "unknown");
  }

  /** The key that identifies the instance across beats. */
  public InstanceKey key() {
    return new InstanceKey(region, instanceId);
  }

  /** The same beat with the time the store observed it. */
  public Heartbeat observedAt(Instant when) {
    return new Heartbeat(region, instanceId, status, seq, sentAt, checks, agentVersion, when);
  }
}
