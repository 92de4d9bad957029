package dev.baton.agent.role;

import dev.baton.config.DurationText;
import dev.baton.domain.Baton;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides this region's role from what each beat saw of the store. Pure: time is a parameter, and
 * the caller runs the hooks for the changes it returns.
 *
 * <ul>
 *   <li>Store reached (heartbeat written and baton read): ACTIVE when the baton names this region,
 *       STANDBY otherwise (also when no baton is placed). This is also how a fenced agent recovers.
 *   <li>Store not reached: nothing changes until {@code fenceAfter} has passed since the last beat
 *       that reached it (or since the agent started), then FENCED, once.
 * </ul>
 *
 * Only the beat thread calls the deciding methods; {@link #snapshot()} may be read from any thread.
 */
public final class RoleTracker {
  private final String region;
  private final Duration fenceAfter;
  private Instant lastContact;
  private long knownEpoch;
  private volatile RoleSnapshot snapshot;

  /**
   * @param startedAt the agent's start: the fence timer runs from here until the first contact
   */
  public RoleTracker(String region, Duration fenceAfter, Instant startedAt) {
    this.region = Objects.requireNonNull(region, "region");
    this.fenceAfter = Objects.requireNonNull(fenceAfter, "fenceAfter");
    this.lastContact = Objects.requireNonNull(startedAt, "startedAt");
    this.snapshot = new RoleSnapshot(region, null, 0, startedAt, "agent starting");
  }

  /** The store answered this beat: the heartbeat was written and the baton read ({@code baton}). */
  public synchronized Optional<RoleChange> reached(Optional<Baton> baton, Instant now) {
    lastContact = now;
    Role target;
    String reason;
    if (baton.isEmpty()) {
      target = Role.STANDBY;
      knownEpoch = 0;
      reason = "no baton has been placed yet";
    } else {
      Baton b = baton.get();
      knownEpoch = b.epoch();
      if (b.activeRegion().equals(region)) {
        target = Role.ACTIVE;
        reason = "the baton names " + region + " active at epoch " + b.epoch();
      } else {
        target = Role.STANDBY;
        reason = "the baton names " + b.activeRegion() + " active at epoch " + b.epoch();
      }
    }
    if (snapshot.role() == Role.FENCED) {
      reason = "store reachable again and " + reason;
    }
    return moveTo(target, knownEpoch, now, reason);
  }

  /** The store did not answer this beat ({@code failure} says how). */
  public synchronized Optional<RoleChange> unreachable(Instant now, String failure) {
    Duration silent = Duration.between(lastContact, now);
    if (snapshot.role() == Role.FENCED || silent.compareTo(fenceAfter) < 0) {
      return Optional.empty();
    }
    return moveTo(
        Role.FENCED,
        knownEpoch,
        now,
        "no successful round trip to the store for "
            // Whole milliseconds: a wall clock's microseconds are noise in a reason.
            + DurationText.format(silent.truncatedTo(ChronoUnit.MILLIS))
            + " (fenceAfter "
            + DurationText.format(fenceAfter)
            + "); last error: "
            + failure);
  }

  /** The current role, for {@code /role}. */
  public RoleSnapshot snapshot() {
    return snapshot;
  }

  /** The last time a beat reached the store (the agent's start before the first). */
  public synchronized Instant lastContact() {
    return lastContact;
  }

  private Optional<RoleChange> moveTo(Role target, long epoch, Instant now, String reason) {
    RoleSnapshot current = snapshot;
    if (current.role() == target) {
      // Same role: keep "since", but report the newest epoch and reason.
      snapshot = new RoleSnapshot(region, target, epoch, current.since(), reason);
      return Optional.empty();
    }
    snapshot = new RoleSnapshot(region, target, epoch, now, reason);
    return Optional.of(new RoleChange(current.role(), target, epoch, now, reason));
  }
}
