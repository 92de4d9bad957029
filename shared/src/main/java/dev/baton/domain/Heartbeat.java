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
 * @param upUntil on a beat whose status does not count as up: the instant until which the agent
 *     judges its app up, midway between its last good probe and its first failed one (agent clock,
 *     like {@code sentAt}, and never after it); null when the app has not been seen up since the
 *     agent started, on an up beat, or from an agent older than this field (docs/decisions/0020)
 * @param outside the agent's probes of other regions' public health URLs in this beat, by region
 *     (docs/decisions/0023); empty when it probes none (no URL published, or an older agent)
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
    String heldRole,
    Instant upUntil,
    Map<String, OutsideProbe> outside) {

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

  /** A beat that says nothing of when its app was last up (written before that field). */
  public Heartbeat(
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
    this(
        region,
        instanceId,
        status,
        seq,
        sentAt,
        checks,
        agentVersion,
        observedAt,
        heldEpoch,
        heldRole,
        null);
  }

  /** A beat that probed no other region from outside (written before outside-in health). */
  public Heartbeat(
      String region,
      String instanceId,
      HeartbeatStatus status,
      long seq,
      Instant sentAt,
      Map<String, Check> checks,
      String agentVersion,
      Instant observedAt,
      long heldEpoch,
      String heldRole,
      Instant upUntil) {
    this(
        region,
        instanceId,
        status,
        seq,
        sentAt,
        checks,
        agentVersion,
        observedAt,
        heldEpoch,
        heldRole,
        upUntil,
        Map.of());
  }

  public Heartbeat {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(sentAt, "sentAt");
    checks = checks == null ? Map.of() : Map.copyOf(checks);
    agentVersion = Objects.requireNonNullElse(agentVersion, "unknown");
    outside = outside == null ? Map.of() : Map.copyOf(outside);
    if (upUntil != null && upUntil.isAfter(sentAt)) {
      throw new IllegalArgumentException(
          "upUntil must not be after sentAt ("
              + sentAt
              + "): an app cannot be judged up after the beat that reports it; was "
              + upUntil);
    }
  }

  /** The key that identifies the instance across beats. */
  public InstanceKey key() {
    return new InstanceKey(region, instanceId);
  }

  /** The same beat with the time the store observed it. */
  public Heartbeat observedAt(Instant when) {
    return new Heartbeat(
        region,
        instanceId,
        status,
        seq,
        sentAt,
        checks,
        agentVersion,
        when,
        heldEpoch,
        heldRole,
        upUntil,
        outside);
  }

  /** The same beat acknowledging {@code epoch} and {@code role}. */
  public Heartbeat holding(long epoch, String role) {
    return new Heartbeat(
        region,
        instanceId,
        status,
        seq,
        sentAt,
        checks,
        agentVersion,
        observedAt,
        epoch,
        role,
        upUntil,
        outside);
  }

  /** The same beat saying its app was up until {@code when}. */
  public Heartbeat withUpUntil(Instant when) {
    return new Heartbeat(
        region,
        instanceId,
        status,
        seq,
        sentAt,
        checks,
        agentVersion,
        observedAt,
        heldEpoch,
        heldRole,
        when,
        outside);
  }

  /** The same beat carrying {@code probes} of other regions from outside. */
  public Heartbeat withOutside(Map<String, OutsideProbe> probes) {
    return new Heartbeat(
        region,
        instanceId,
        status,
        seq,
        sentAt,
        checks,
        agentVersion,
        observedAt,
        heldEpoch,
        heldRole,
        upUntil,
        probes);
  }

  /**
   * Whether this beat proves its agent stepped down under {@code epoch}: it knew that epoch (or a
   * newer one) when it beat, and was not active.
   */
  public boolean acknowledges(long epoch) {
    return heldEpoch >= epoch && heldRole != null && !ACTIVE_ROLE.equals(heldRole);
  }
}
