package dev.baton.agent.probe;

import dev.baton.domain.Check;
import dev.baton.domain.HeartbeatStatus;
import java.util.Objects;

/**
 * What one probe of the app found: the status to report and the {@code app} check behind it.
 *
 * @param status HEALTHY, DEGRADED (slow) or UNHEALTHY (failed, with the reason in the check)
 * @param check ok, latency and a short detail
 */
public record ProbeResult(HeartbeatStatus status, Check check) {
  public ProbeResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(check, "check");
  }
}
