package dev.baton.sim.droplet;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.probe.HealthProbe;
import dev.baton.agent.probe.ProbeResult;
import dev.baton.domain.Check;
import dev.baton.domain.HeartbeatStatus;
import java.time.Duration;
import java.util.Objects;

/**
 * A droplet's application as the agent's probe sees it: up (200 at once), down (connection refused)
 * or slow (answers after a delay: DEGRADED beyond {@code slowAfter}, UNHEALTHY at the probe's
 * timeout), classified as {@code AppProbe} classifies real answers. The probe takes no virtual
 * time: a slow answer is reported with its latency but does not delay the beat.
 */
public final class SimulatedApp implements HealthProbe {
  private final AgentConfig.Probe probe;
  private boolean running = true;
  private Duration delay = Duration.ZERO;

  public SimulatedApp(AgentConfig.Probe probe) {
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  /** Answers at once. */
  public void start() {
    running = true;
    delay = Duration.ZERO;
  }

  /** Refuses connections, as when the process died. */
  public void stop() {
    running = false;
  }

  /** Answers after {@code by}. */
  public void slow(Duration by) {
    running = true;
    delay = by;
  }

  public boolean running() {
    return running;
  }

  /** Whether a user request would be answered in time. */
  public boolean serving() {
    return running && delay.compareTo(probe.timeout()) < 0;
  }

  @Override
  public ProbeResult probe() {
    if (!running) {
      return new ProbeResult(
          HeartbeatStatus.UNHEALTHY,
          new Check(
              false,
              0,
              "cannot connect to "
                  + probe.url().getHost()
                  + ":"
                  + probe.url().getPort()
                  + " (connection refused)"));
    }
    long latency = delay.toMillis();
    if (delay.compareTo(probe.timeout()) >= 0) {
      return new ProbeResult(
          HeartbeatStatus.UNHEALTHY,
          new Check(false, probe.timeout().toMillis(), "no answer within " + probe.timeout()));
    }
    if (delay.compareTo(probe.slowAfter()) > 0) {
      return new ProbeResult(
          HeartbeatStatus.DEGRADED,
          new Check(
              true, latency, "slow: " + latency + " ms (slowAfter " + probe.slowAfter() + ")"));
    }
    return new ProbeResult(
        HeartbeatStatus.HEALTHY, new Check(true, latency, "status 200 in " + latency + " ms"));
  }
}
