package dev.baton.agent.role;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code GET /role} reports.
 *
 * @param region this agent's region
 * @param role the current role, or null until the first beat has decided one
 * @param epoch the baton epoch the role is based on (0 when no baton is placed)
 * @param since when the current role began (agent clock); the agent's start while unknown
 * @param reason why, in one sentence
 */
public record RoleSnapshot(String region, Role role, long epoch, Instant since, String reason) {
  public Optional<Role> known() {
    return Optional.ofNullable(role);
  }
}
