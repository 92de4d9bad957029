package dev.baton.agent.role;

import java.time.Instant;
import java.util.Objects;

/**
 * The agent's role changed (or became known for the first time, when {@code from} is null).
 *
 * @param from the previous role, or null at startup
 * @param to the new role
 * @param epoch the baton epoch behind the decision (the last known one when fenced; 0 when no baton
 *     has been placed)
 * @param at when the change was decided (agent clock)
 * @param reason one sentence for the log
 */
public record RoleChange(Role from, Role to, long epoch, Instant at, String reason) {
  public RoleChange {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }
}
