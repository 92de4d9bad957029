package dev.baton.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The timings of detection (docs/architecture.md). The constructor rejects unsafe combinations,
 * listing every problem with the fields and the rule.
 *
 * @param heartbeatInterval how often each agent beats
 * @param staleAfter a beat older than this no longer counts
 * @param failAfter a SUSPECT region whose sample has been down this long becomes UNHEALTHY
 * @param recoverAfter a RECOVERING region up continuously this long becomes HEALTHY
 * @param startupGrace a freshly started monitor decides nothing for this long
 * @param membershipWindow instances seen within this window are members of their region
 * @param maxClockSkew skew beyond this (store time vs agent time) marks an instance DEGRADED
 */
public record Timings(
    Duration heartbeatInterval,
    Duration staleAfter,
    Duration failAfter,
    Duration recoverAfter,
    Duration startupGrace,
    Duration membershipWindow,
    Duration maxClockSkew) {

  public static final Timings DEFAULTS =
      new Timings(
          Duration.ofSeconds(5),
          Duration.ofSeconds(12),
          Duration.ofSeconds(15),
          Duration.ofSeconds(60),
          Duration.ofSeconds(20),
          Duration.ofMinutes(10),
          Duration.ofSeconds(5));

  public Timings {
    InvalidConfigException.throwIfAny(
        "timings",
        problems(
            "timings",
            heartbeatInterval,
            staleAfter,
            failAfter,
            recoverAfter,
            startupGrace,
            membershipWindow,
            maxClockSkew));
  }

  /**
   * The worst case from a failure to the promotion request, before stream delay and jitter: a
   * silent instance counts as up until half an interval after its last beat, and the evaluation
   * that sees it down for {@code failAfter} may come a whole interval later (docs/decisions/0020).
   * An app that fails its probe is detected sooner ({@link #appDownDetection}).
   */
  public Duration worstCaseDetection() {
    return failAfter.plus(heartbeatInterval.multipliedBy(3).dividedBy(2));
  }

  /**
   * The beat interval of an agent whose app fails its probe (and during a hand-over): a fifth of
   * the heartbeat interval, at least 250 ms.
   */
  public static Duration fastBeat(Duration heartbeatInterval) {
    Duration fifth = heartbeatInterval.dividedBy(5);
    return fifth.compareTo(Duration.ofMillis(250)) < 0 ? Duration.ofMillis(250) : fifth;
  }

  /**
   * From the failure of an app whose agents keep beating to the promotion request, before stream
   * delay: {@code failAfter + (heartbeatInterval + jitter) / 2 + fastBeat}. The outage counts from
   * the middle of the beat gap it began in, and the agents beat fast once their probe fails.
   */
  public Duration appDownDetection(Duration jitter) {
    return failAfter
        .plus(heartbeatInterval.plus(jitter).dividedBy(2))
        .plus(fastBeat(heartbeatInterval));
  }

  /**
   * The longest outage of every instance of a region that never makes it UNHEALTHY, given the
   * agents' {@code jitter} and the stream's delay: {@code failAfter - heartbeatInterval / 2 -
   * jitter - fastBeat - streamDelay} (docs/decisions/0020). Counted from the middle of the beat gap
   * the outage began in, it is seen over once the first up beat, at most a fast beat after the app
   * answers again (or at once from a restarted agent), has crossed the stream.
   */
  public Duration blipTolerance(Duration jitter, Duration streamDelay) {
    return failAfter
        .minus(heartbeatInterval.dividedBy(2))
        .minus(jitter)
        .minus(fastBeat(heartbeatInterval))
        .minus(streamDelay);
  }

  /**
   * The bound users are promised for a region whose public endpoint is unreachable while its agents
   * beat HEALTHY, from the cut to the traffic shifted: {@code failAfter + 2 x heartbeatInterval + 5
   * s} (docs/decisions/0023). The outside view sees the cut within a beat (the peers probe every
   * beat, the monitor at most once an interval); the outage counts from the middle of the probe gap
   * it began in; the evaluation that finds it down for failAfter comes at most another interval
   * later; the 5 s cover the probe timeout, the stream and the promotion.
   */
  public Duration outsideDetection() {
    return failAfter.plus(heartbeatInterval.multipliedBy(2)).plusSeconds(5);
  }

  /**
   * How long an outside probe waits for an answer: 40 % of the heartbeat interval, at most 2 s, so
   * a round of probes never delays a beat by a whole interval.
   */
  public Duration outsideProbeTimeout() {
    Duration share = heartbeatInterval.multipliedBy(2).dividedBy(5);
    return share.compareTo(Duration.ofSeconds(2)) < 0 ? share : Duration.ofSeconds(2);
  }

  /** Every problem with these values; {@code prefix} names the section in messages. */
  public static List<ConfigProblem> problems(
      String prefix,
      Duration heartbeatInterval,
      Duration staleAfter,
      Duration failAfter,
      Duration recoverAfter,
      Duration startupGrace,
      Duration membershipWindow,
      Duration maxClockSkew) {
    List<ConfigProblem> problems = new ArrayList<>();
    requirePositive(problems, prefix + ".heartbeatInterval", heartbeatInterval);
    requirePositive(problems, prefix + ".staleAfter", staleAfter);
    requirePositive(problems, prefix + ".failAfter", failAfter);
    requirePositive(problems, prefix + ".recoverAfter", recoverAfter);
    requireNotNegative(problems, prefix + ".startupGrace", startupGrace);
    requirePositive(problems, prefix + ".membershipWindow", membershipWindow);
    requirePositive(problems, prefix + ".maxClockSkew", maxClockSkew);
    if (!problems.isEmpty()) {
      return problems;
    }
    if (staleAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      problems.add(
          new ConfigProblem(
              prefix + ".staleAfter",
              "must be >= 2 x heartbeatInterval ("
                  + heartbeatInterval.multipliedBy(2)
                  + "), or one late beat marks a healthy instance stale; was "
                  + staleAfter));
    }
    if (failAfter.compareTo(staleAfter) < 0) {
      problems.add(
          new ConfigProblem(
              prefix + ".failAfter",
              "must be >= staleAfter ("
                  + staleAfter
                  + "), or a region fails before its beats are even stale; was "
                  + failAfter));
    }
    if (membershipWindow.compareTo(staleAfter) <= 0) {
      problems.add(
          new ConfigProblem(
              prefix + ".membershipWindow",
              "must be > staleAfter ("
                  + staleAfter
                  + "), or a silent instance leaves the quorum before it counts as down; was "
                  + membershipWindow));
    }
    if (recoverAfter.compareTo(heartbeatInterval) < 0) {
      problems.add(
          new ConfigProblem(
              prefix + ".recoverAfter",
              "must be >= heartbeatInterval ("
                  + heartbeatInterval
                  + "), so recovery needs more than one beat; was "
                  + recoverAfter));
    }
    return problems;
  }

  private static void requirePositive(List<ConfigProblem> problems, String field, Duration d) {
    if (d == null) {
      problems.add(new ConfigProblem(field, "is required"));
    } else if (d.isNegative() || d.isZero()) {
      problems.add(new ConfigProblem(field, "must be positive, was " + d));
    }
  }

  private static void requireNotNegative(List<ConfigProblem> problems, String field, Duration d) {
    if (d == null) {
      problems.add(new ConfigProblem(field, "is required"));
    } else if (d.isNegative()) {
      problems.add(new ConfigProblem(field, "must not be negative, was " + d));
    }
  }
}
