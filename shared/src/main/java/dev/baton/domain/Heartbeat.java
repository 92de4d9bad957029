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
 * @param heldEpoch the baton epoch the agent knew when it sent the beat (0: none known, or an agent
 *     older than the handover protocol)
 * @param heldRole the role the agent held when it sent the beat ({@code active}, {@code standby},
 *     {@code fenced}), or null when unknown; with {@code heldEpoch} it acknowledges a revocation
 */
public record Heartbeat(
    String region,
    String instanceId,
    HeartbeatStatus status,
    long seq,
    Instant sentAt,
    Map<String, Check> checks,
    String agentVersion,
    Instant observedAt,
    long heldEpoch,
    String heldRole) {

  /** The role word of an agent that holds the baton. */
  public static final String ACTIVE_ROLE = "active";

  /** A beat that acknowledges no epoch (written before the handover protocol). */
  public Heartbeat(
      String region,
      String instanceId,
      HeartbeatStatus status,
      long seq,
      Instant sentAt,
      Map<String, Check> checks,
      String agentVersion,
      Instant observedAt) {
    this(region, instanceId, status, seq, sentAt, checks, agentVersion, observedAt, 0, null);
  }

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
    return new Heartbeat(
        region, instanceId, status, seq, sentAt, checks, agentVersion, when, heldEpoch, heldRole);
  }

  /** The same beat acknowledging {@code epoch} and {@code role}. */
  public Heartbeat holding(long epoch, String role) {
    return new Heartbeat(
        region, instanceId, status, seq, sentAt, checks, agentVersion, observedAt, epoch, role);
  }

  /**
   * Whether this beat proves its agent stepped down under {@code epoch}: it knew that epoch (or a
   * newer one) when it beat, and was not active.
   */
  public boolean acknowledges(long epoch) {
    return heldEpoch >= epoch && heldRole != null && !ACTIVE_ROLE.equals(heldRole);
  }
}
