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
 * @param region the region
 * @param up members that are up (DEGRADED included)
 * @param members the quorum denominator
 * @param draining DRAINING instances (not members)
 * @param stale members whose latest beat is older than {@code staleAfter}
 * @param degraded up members reported DEGRADED, as {@code instanceId: why}
 * @param knownUpAt the latest instant by which a quorum of members had each reported up (the
 *     quorum-th latest up beat), or null when the beats held never showed a quorum up
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
    Instant[] upStatusSeenAt = new Instant[beats.size()];
    int upStatusCount = 0;
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
      if (beat.status().countsAsUp()) {
        upStatusSeenAt[upStatusCount++] = seenAt;
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
    if (needed > 0 && upStatusCount >= needed) {
      Arrays.sort(upStatusSeenAt, 0, upStatusCount);
      knownUpAt = upStatusSeenAt[upStatusCount - needed];
      if (knownUpAt.isAfter(now)) {
        knownUpAt = now;
      }
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
