package dev.baton.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a revoked baton may be granted (docs/decisions/0017-revoke-then-grant.md). Pure.
 *
 * <p>An agent stays active only on a lease: each beat that wrote its heartbeat to the authority and
 * then read a granted baton naming its region extends its role until {@code fenceAfter} after the
 * beat began, on the agent's own monotonic clock and timer. A read made after the claim sees the
 * revocation, so no lease is extended past the claim: every agent of another region has stepped
 * down by {@code sentAt + maxClockSkew + fenceAfter} of its last beat, however the network behaves.
 * The gate opens for an agent as soon as its beat acknowledges the new epoch (it knew it and was
 * not active), or once that bound, plus a margin for clock rates, has passed.
 */
public final class HandoverGate {

  /** The verdict on one claim. */
  public sealed interface Verdict {
    /** Every agent of another region has stepped down; {@code detail} says how. */
    record Open(String detail) implements Verdict {}

    /** Some agents may still be active; the gate opens by {@code until} at the latest. */
    record Waiting(List<String> instances, Instant until) implements Verdict {}
  }

  private HandoverGate() {}

  /**
   * The fence deadline agents must respect for the monitor's {@code timings}: a dead region's
   * leases have run out by the time it is judged UNHEALTHY, so failover is not delayed, and never
   * shorter than the agent's own floor of two beats.
   */
  public static Duration fenceDeadline(Timings timings) {
    Duration fromFailure = timings.failAfter().minus(timings.maxClockSkew());
    Duration floor = timings.heartbeatInterval().multipliedBy(2);
    return fromFailure.compareTo(floor) >= 0 ? fromFailure : floor;
  }

  /** How long after a beat was sent its agent may still be active, at worst. */
  public static Duration leaseBound(Timings timings) {
    Duration fence = fenceDeadline(timings);
    // Monotonic clocks drift by far less than 1 %; the 250 ms covers the timer's own lateness.
    return timings.maxClockSkew().plus(fence).plus(fence.dividedBy(100)).plusMillis(250);
  }

  /**
   * Whether the baton claimed at {@code epoch} for {@code target} may be granted at {@code now},
   * given the latest beat of every instance (read from the authority, strongly consistent).
   */
  public static Verdict judge(
      long epoch, String target, List<Heartbeat> beats, Timings timings, Instant now) {
    Objects.requireNonNull(target, "target");
    Duration bound = leaseBound(timings);
    List<String> waiting = new ArrayList<>();
    Instant until = now;
    int acknowledged = 0;
    int expired = 0;
    for (Heartbeat beat : beats) {
      if (beat.region().equals(target)) {
        continue;
      }
      if (beat.acknowledges(epoch)) {
        acknowledged++;
        continue;
      }
      Instant lease = beat.sentAt().plus(bound);
      if (!lease.isAfter(now)) {
        expired++;
        continue;
      }
      waiting.add(beat.region() + "/" + beat.instanceId());
      if (lease.isAfter(until)) {
        until = lease;
      }
    }
    if (!waiting.isEmpty()) {
      return new Verdict.Waiting(List.copyOf(waiting), until);
    }
    return new Verdict.Open(
        acknowledged
            + " agent(s) of other regions acknowledged epoch "
            + epoch
            + ", "
            + expired
            + " silent past their fence deadline");
  }
}
