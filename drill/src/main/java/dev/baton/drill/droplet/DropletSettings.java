package dev.baton.drill.droplet;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every simulated droplet of a drill shares.
 *
 * @param table the table the agents write to
 * @param heartbeatInterval the scenario's (scaled) interval
 * @param fenceAfter the scenario's (scaled) fence delay
 * @param stateDir where each agent keeps its state file (its seq survives a kill)
 */
public record DropletSettings(
    String table, Duration heartbeatInterval, Duration fenceAfter, Path stateDir) {

  /** The probe timeout: 40% of the interval, at most the agent's default of 2 s. */
  public Duration probeTimeout() {
    Duration share = heartbeatInterval.multipliedBy(2).dividedBy(5);
    return share.compareTo(Duration.ofSeconds(2)) < 0 ? share : Duration.ofSeconds(2);
  }

  /**
   * How long an agent's outside probe waits: as the agent computes it from its configuration
   * ({@code Agent.outsideProbeTimeout}), which here is the {@link #probeTimeout()} rule.
   */
  public Duration outsideProbeTimeout() {
    return probeTimeout();
  }

  /**
   * How long one store call may take, retries included: half a beat, as the agent's runtime wires
   * it, but at least one second, because at small scales moto (shared by every agent and the
   * functions on one machine) answers slower than the real DynamoDB would.
   */
  public Duration callTimeout() {
    Duration half = heartbeatInterval.dividedBy(2);
    return half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : half;
  }

  /** The jitter: 5% of the interval, so beats do not line up exactly. */
  public Duration jitter() {
    return heartbeatInterval.dividedBy(20);
  }

  /** The heartbeat TTL: the agent requires at least 10 intervals; an hour as in production. */
  public Duration ttl() {
    Duration min = heartbeatInterval.multipliedBy(10);
    return min.compareTo(Duration.ofHours(1)) > 0 ? min : Duration.ofHours(1);
  }
}
