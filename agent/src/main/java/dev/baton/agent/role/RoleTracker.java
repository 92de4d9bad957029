package dev.baton.agent.role;

import dev.baton.config.DurationText;
import dev.baton.domain.Baton;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides this region's role from what each beat saw of the authority. Pure: time is a parameter,
 * and the caller runs the hooks for the changes it returns.
 *
 * <ul>
 *   <li>Authority reached (heartbeat written and baton read): ACTIVE when the baton names this
 *       region and is granted, STANDBY otherwise (also while a claim naming this region awaits its
 *       grant, and when no baton is placed). This is also how a fenced agent recovers.
 *   <li>The role is a lease: it holds until {@code fenceAfter} after the <em>start</em> of the last
 *       beat that reached the authority, measured on the agent's monotonic clock. Past that,
 *       FENCED, once, whether the caller asks at a beat or from its own timer ({@link #expire}).
 *       Because the lease runs from before the write, the monitor can bound it by the beat's {@code
 *       sentAt} (docs/decisions/0017-revoke-then-grant.md).
 * </ul>
 *
 * Callers on any thread may decide (the methods are synchronized); {@link #snapshot()} is
 * lock-free.
 */
public final class RoleTracker {
  private final String region;
  private final Duration fenceAfter;

  /** {@code fenceAfter}, or the monitor's published fence deadline when that is shorter. */
  private Duration lease;

  private long lastContactNanos;
  private Instant lastContact;
  private long knownEpoch;
  private boolean handoverPending;
  private volatile RoleSnapshot snapshot;

  /**
   * @param startedAt the agent's start: the fence timer runs from here until the first contact
   */
  public RoleTracker(String region, Duration fenceAfter, Instant startedAt) {
    this(region, fenceAfter, startedAt, nanosOf(startedAt));
  }

  /**
   * @param startedNanos the agent's start on its monotonic clock
   */
  public RoleTracker(String region, Duration fenceAfter, Instant startedAt, long startedNanos) {
    this.region = Objects.requireNonNull(region, "region");
    this.fenceAfter = Objects.requireNonNull(fenceAfter, "fenceAfter");
    this.lease = fenceAfter;
    this.lastContact = Objects.requireNonNull(startedAt, "startedAt");
    this.lastContactNanos = startedNanos;
    this.snapshot = new RoleSnapshot(region, null, 0, startedAt, "agent starting");
  }

  /** Restarts the fence timer from {@code nanos} on the agent's monotonic clock (its start). */
  public synchronized void startLease(long nanos) {
    lastContactNanos = nanos;
  }

  /** As {@link #reached(Optional, Instant, long, long)}, with the wall clock as monotonic time. */
  public Optional<RoleChange> reached(Optional<Baton> baton, Instant now) {
    return reached(baton, now, nanosOf(now), nanosOf(now));
  }

  /**
   * The authority answered the beat that began at {@code beganNanos}: the heartbeat was written and
   * the baton read ({@code baton}).
   */
  public Optional<RoleChange> reached(
      Optional<Baton> baton, Instant now, long beganNanos, long nowNanos) {
    return reached(baton, now, beganNanos, nowNanos, true);
  }

  /**
   * As {@link #reached(Optional, Instant, long, long)}; {@code stampTrusted} false means the beat
   * was stamped before the agent's clock was anchored to the authority's, so its {@code sentAt}
   * cannot bound this lease: the agent stays STANDBY (beating fast) until a beat that can.
   */
  public synchronized Optional<RoleChange> reached(
      Optional<Baton> baton, Instant now, long beganNanos, long nowNanos, boolean stampTrusted) {
    if (beganNanos - lastContactNanos > 0) {
      lastContactNanos = beganNanos;
      lastContact = now;
    }
    if (leaseLeft(nowNanos) <= 0) {
      // The answer came too late to renew anything: the lease it would give has already run out.
      return expire(now, nowNanos, "the authority's answer arrived after the fence deadline");
    }
    Role target;
    String reason;
    handoverPending = baton.isPresent() && !baton.get().granted();
    if (baton.isEmpty()) {
      target = Role.STANDBY;
      knownEpoch = 0;
      reason = "no baton has been placed yet";
    } else {
      Baton b = baton.get();
      knownEpoch = b.epoch();
      if (b.activeIn(region)) {
        target = Role.ACTIVE;
        reason = "the baton names " + region + " active at epoch " + b.epoch();
      } else if (b.activeRegion().equals(region)) {
        target = Role.STANDBY;
        reason =
            "the baton names "
                + region
                + " at epoch "
                + b.epoch()
                + ", awaiting the grant (the old region is stepping down)";
      } else {
        target = Role.STANDBY;
        reason =
            "the baton names "
                + b.activeRegion()
                + (b.granted() ? " active" : " (awaiting its grant)")
                + " at epoch "
                + b.epoch();
      }
    }
    if (target == Role.ACTIVE && !stampTrusted) {
      target = Role.STANDBY;
      handoverPending = true;
      reason =
          "the baton names "
              + region
              + " at epoch "
              + knownEpoch
              + "; checking this agent's clock against the authority's before turning active";
    }
    if (snapshot.role() == Role.FENCED) {
      reason = "authority reachable again and " + reason;
    }
    return moveTo(target, knownEpoch, now, reason);
  }

  /** As {@link #unreachable(Instant, long, String)}, with the wall clock as monotonic time. */
  public Optional<RoleChange> unreachable(Instant now, String failure) {
    return unreachable(now, nanosOf(now), failure);
  }

  /** The authority did not answer this beat ({@code failure} says how). */
  public synchronized Optional<RoleChange> unreachable(Instant now, long nowNanos, String failure) {
    if (snapshot.role() == Role.FENCED || leaseLeft(nowNanos) > 0) {
      return Optional.empty();
    }
    return expire(now, nowNanos, "last error: " + failure);
  }

  /**
   * The fence timer: FENCED once the lease has run out, whatever the beat loop is doing (a beat
   * stuck in a hanging call cannot keep this agent active).
   */
  public synchronized Optional<RoleChange> expire(Instant now, long nowNanos) {
    if (snapshot.role() == Role.FENCED || leaseLeft(nowNanos) > 0) {
      return Optional.empty();
    }
    return expire(now, nowNanos, "fence timer");
  }

  /**
   * Takes the fence deadline the monitor publishes into account (decision 0017): the lease is
   * {@code fenceAfter}, or {@code published} when that is shorter; null (nothing published) leaves
   * {@code fenceAfter}. Applies to the lease running now.
   *
   * @return the lease now in force
   */
  public synchronized Duration capLease(Duration published) {
    lease = published == null || published.compareTo(fenceAfter) >= 0 ? fenceAfter : published;
    return lease;
  }

  /** The lease in force: {@code fenceAfter}, or the monitor's shorter published deadline. */
  public synchronized Duration lease() {
    return lease;
  }

  /** Whether the last baton read was a revocation awaiting its grant. */
  public synchronized boolean handoverPending() {
    return handoverPending;
  }

  /** Monotonic nanoseconds left on the lease (zero or less: expired). */
  public synchronized long leaseLeft(long nowNanos) {
    return lastContactNanos + lease.toNanos() - nowNanos;
  }

  private Optional<RoleChange> expire(Instant now, long nowNanos, String detail) {
    if (snapshot.role() == Role.FENCED) {
      return Optional.empty();
    }
    Duration silent = Duration.ofNanos(nowNanos - lastContactNanos);
    return moveTo(
        Role.FENCED,
        knownEpoch,
        now,
        "no successful round trip to the authority for "
            // Whole milliseconds: a clock's microseconds are noise in a reason.
            + DurationText.format(silent.truncatedTo(ChronoUnit.MILLIS))
            + " (fenceAfter "
            + DurationText.format(lease)
            + "); "
            + detail);
  }

  /** The current role, for {@code /role}. */
  public RoleSnapshot snapshot() {
    return snapshot;
  }

  /** The last time a beat reached the authority (the agent's start before the first). */
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

  private static long nanosOf(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
