package dev.baton.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One region's instances counted at one instant (docs/architecture.md): who is a member, who is up,
 * who is draining, stale or degraded, and the latest instant a quorum of members is known to have
 * been up.
 *
 * <p>Rules: members are the non-DRAINING instances seen within {@code membershipWindow}; an
 * instance is up when its latest beat is HEALTHY or DEGRADED and fresh ({@code now - sentAt <=
 * staleAfter}). An instance whose agent clock disagrees with the store's clock by more than {@code
 * maxClockSkew} ({@code |observedAt - sentAt|}) is reported DEGRADED with reason {@code
 * clock-skew}, and its freshness is judged by {@code observedAt} (the store's clock) instead of its
 * own wrong clock: a skewed but living instance is neither lost nor kept alive forever.
 *
 * <p>When each member was last up ({@link #upUntil}, docs/decisions/0020): an outage is counted
 * from the middle of the beat gap in which it began, not from the last up beat. A member whose
 * latest beat reports up counts as up until half a heartbeat interval after it (capped at {@code
 * now}): if it went silent, it did so somewhere before its next beat was due. A member whose latest
 * beat reports it down counts as up until the beat's {@code upUntil}, the agent's own midpoint
 * between its last good probe and its first failed one; a down beat without it (an older agent)
 * says nothing, as before.
 *
 * @param region the region
 * @param up members that are up (DEGRADED included)
 * @param members the quorum denominator
 * @param draining DRAINING instances (not members)
 * @param stale members whose latest beat is older than {@code staleAfter}
 * @param degraded up members reported DEGRADED, as {@code instanceId: why}
 * @param knownUpAt the latest instant until which a quorum of members each counts as up (the
 *     quorum-th latest {@link #upUntil} of the members), or null when the beats held never showed a
 *     quorum up
 * @param quorumUp whether {@code up} of {@code members} meets the quorum
 * @param needed how many up members the quorum needs (0 when there are no members)
 */
public record RegionCensus(
    String region,
    int up,
    int members,
    int draining,
    int stale,
    List<String> degraded,
    Instant knownUpAt,
    boolean quorumUp,
    int needed) {

  public RegionCensus {
    degraded = List.copyOf(degraded);
  }

  /** The reason an instance is DEGRADED when its clock is off. */
  public static final String CLOCK_SKEW = "clock-skew";

  /** Counts {@code beats} (the latest beat of each instance of {@code region}) at {@code now}. */
  public static RegionCensus take(
      String region, List<Heartbeat> beats, Instant now, Timings timings, FailoverPolicy policy) {
    int members = 0;
    int up = 0;
    int draining = 0;
    int stale = 0;
    List<String> degraded = new ArrayList<>();
    Instant[] upUntil = new Instant[beats.size()];
    int upUntilCount = 0;
    for (Heartbeat beat : beats) {
      boolean skewed = skewed(beat, timings.maxClockSkew());
      Instant seenAt = seenAt(beat, skewed);
      Duration age = Duration.between(seenAt, now);
      if (age.compareTo(timings.membershipWindow()) > 0) {
        continue;
      }
      if (beat.status() == HeartbeatStatus.DRAINING) {
        draining++;
        continue;
      }
      members++;
      boolean fresh = age.compareTo(timings.staleAfter()) <= 0;
      if (!fresh) {
        stale++;
      }
      Instant memberUpUntil = upUntil(beat, seenAt, now, timings);
      if (memberUpUntil != null) {
        upUntil[upUntilCount++] = memberUpUntil;
      }
      if (beat.status().countsAsUp()) {
        if (fresh) {
          up++;
          if (skewed) {
            degraded.add(beat.instanceId() + ": " + CLOCK_SKEW);
          } else if (beat.status() == HeartbeatStatus.DEGRADED) {
            degraded.add(beat.instanceId() + ": " + degradedDetail(beat));
          }
        }
      }
    }
    int needed = needed(policy, members);
    Instant knownUpAt = null;
    if (needed > 0 && upUntilCount >= needed) {
      Arrays.sort(upUntil, 0, upUntilCount);
      knownUpAt = upUntil[upUntilCount - needed];
    }
    return new RegionCensus(
        region,
        up,
        members,
        draining,
        stale,
        degraded,
        knownUpAt,
        policy.quorumMet(up, members),
        needed);
  }

  /**
   * Until when {@code beat}, the latest of its instance, shows the instance up, capped at {@code
   * now}; null when it says nothing (a down beat without {@code upUntil}, or a DRAINING one).
   */
  public static Instant upUntil(Heartbeat beat, Instant now, Timings timings) {
    return upUntil(beat, seenAt(beat, timings.maxClockSkew()), now, timings);
  }

  private static Instant upUntil(Heartbeat beat, Instant seenAt, Instant now, Timings timings) {
    Instant until;
    if (beat.status().countsAsUp()) {
      until = seenAt.plus(timings.heartbeatInterval().dividedBy(2));
    } else if (beat.upUntil() != null && beat.status() != HeartbeatStatus.DRAINING) {
      // On the clock the beat is judged by: a skewed agent's gap moves with its observedAt.
      until = seenAt.minus(Duration.between(beat.upUntil(), beat.sentAt()));
    } else {
      return null;
    }
    return until.isAfter(now) ? now : until;
  }

  /**
   * The instant the census judges {@code beat} by: the agent's {@code sentAt}, or the store's
   * {@code observedAt} when the agent's clock is off by more than {@code maxClockSkew}.
   */
  public static Instant seenAt(Heartbeat beat, Duration maxClockSkew) {
    return seenAt(beat, skewed(beat, maxClockSkew));
  }

  private static Instant seenAt(Heartbeat beat, boolean skewed) {
    return skewed ? beat.observedAt() : beat.sentAt();
  }

  /** Whether the agent's clock is off by more than {@code maxClockSkew} against the store's. */
  public static boolean skewed(Heartbeat beat, Duration maxClockSkew) {
    return beat.observedAt() != null
        && Duration.between(beat.sentAt(), beat.observedAt()).abs().compareTo(maxClockSkew) > 0;
  }

  /** One phrase for reasons, e.g. {@code 2 of 3 instances up (2 needed), 1 draining}. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    if (members == 0) {
      out.append("no member instance");
      if (draining > 0) {
        out.append(" (").append(draining).append(" draining)");
      }
      return out.toString();
    }
    out.append(up)
        .append(" of ")
        .append(members)
        .append(members == 1 ? " instance" : " instances")
        .append(" up (")
        .append(needed)
        .append(" needed)");
    if (stale > 0) {
      out.append(", ").append(stale).append(" stale");
    }
    if (draining > 0) {
      out.append(", ").append(draining).append(" draining");
    }
    if (!degraded.isEmpty()) {
      out.append(", degraded: ").append(String.join(", ", degraded));
    }
    return out.toString();
  }

  private static int needed(FailoverPolicy policy, int members) {
    for (int k = 1; k <= members; k++) {
      if (policy.quorumMet(k, members)) {
        return k;
      }
    }
    return 0;
  }

  private static String degradedDetail(Heartbeat beat) {
    List<String> failing =
        beat.checks().entrySet().stream()
            .filter(e -> !e.getValue().ok() || !e.getValue().detail().isEmpty())
            .map(
                e ->
                    e.getKey()
                        + (e.getValue().detail().isEmpty() ? "" : " " + e.getValue().detail()))
            .sorted()
            .toList();
    return failing.isEmpty() ? "reported DEGRADED" : String.join("; ", failing);
  }
}
