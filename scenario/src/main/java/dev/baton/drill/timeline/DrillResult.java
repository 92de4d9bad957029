package dev.baton.drill.timeline;

import dev.baton.drill.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a drill produced: the scenario it ran, what happened, the verdicts and the measured
 * times. Written as {@code result.json} and rendered as {@code report.html}.
 *
 * @param scenario the scenario, scaled
 * @param startedAt wall-clock time of the drill's start
 * @param ran how long the drill ran
 * @param events every event, by time
 * @param expectations the verdict on each expectation, in the scenario's order
 * @param measurements detection and failover times of the first automatic failover
 * @param roles dual-active, no-active and traffic-mismatch times, from the sampled roles and
 *     routers
 * @param errors what went wrong running the drill itself (not Baton's verdicts), e.g. a failed
 *     action
 */
public record DrillResult(
    Scenario scenario,
    Instant startedAt,
    Duration ran,
    List<DrillEvent> events,
    List<ExpectationResult> expectations,
    Measurements measurements,
    RoleMeasurements roles,
    List<String> errors) {

  public DrillResult {
    Objects.requireNonNull(roles, "roles");
    events = List.copyOf(events);
    expectations = List.copyOf(expectations);
    errors = List.copyOf(errors);
  }

  /** Whether every expectation held and the drill itself ran without error. */
  public boolean passed() {
    return errors.isEmpty() && expectations.stream().allMatch(ExpectationResult::passed);
  }
}
