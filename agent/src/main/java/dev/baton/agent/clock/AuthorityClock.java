package dev.baton.agent.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's wall clock, kept honest by the authority's: every baton read reports the time the
 * authority answered (DynamoDB's {@code Date} header, to the second), and when the local clock is
 * off by more than {@link #TOLERANCE} the agent stamps its beats with the authority's time instead.
 * The monitor judges freshness by {@code sentAt}, and the grant bounds a silent agent's lease by it
 * (docs/decisions/0017-revoke-then-grant.md), so one droplet whose NTP broke can neither fail its
 * region over nor outlive its lease unseen. The offset is reported in every beat while it applies.
 */
public final class AuthorityClock extends Clock {
  /** Offsets within this are the header's resolution and the round trip, not skew. */
  public static final Duration TOLERANCE = Duration.ofMillis(1500);

  private final Clock local;
  private volatile long offsetMillis;

  public AuthorityClock(Clock local) {
    this.local = Objects.requireNonNull(local, "local");
  }

  /**
   * Takes the authority's answer into account.
   *
   * @param sent the local clock just before the request
   * @param received the local clock just after the answer
   * @param authority the authority's time in its answer
   * @param resolution the resolution of {@code authority} (1 s for an HTTP {@code Date} header)
   * @return a sentence for the log when the correction changed, empty otherwise
   */
  public Optional<String> observe(
      Instant sent, Instant received, Instant authority, Duration resolution) {
    Instant localMid = sent.plus(Duration.between(sent, received).dividedBy(2));
    Instant authorityMid = authority.plus(resolution.dividedBy(2));
    long estimate = Duration.between(localMid, authorityMid).toMillis();
    long previous = offsetMillis;
    long next = Math.abs(estimate) <= TOLERANCE.toMillis() ? 0 : estimate;
    if (next == 0 && previous == 0) {
      return Optional.empty();
    }
    if (next != 0 && previous != 0 && Math.abs(next - previous) <= TOLERANCE.toMillis()) {
      return Optional.empty();
    }
    offsetMillis = next;
    return Optional.of(
        next == 0
            ? "wall clock agrees with the authority's again; beats carry it"
            : describe(next) + "; beats are stamped with the authority's time");
  }

  /** The correction applied, in milliseconds (authority minus local); zero when none. */
  public long offsetMillis() {
    return offsetMillis;
  }

  /** What the beat reports while a correction applies, e.g. "wall clock 9.0 s behind ...". */
  public static String describe(long offsetMillis) {
    return String.format(
        java.util.Locale.ROOT,
        "wall clock %.1f s %s the authority's",
        Math.abs(offsetMillis) / 1000.0,
        offsetMillis > 0 ? "behind" : "ahead of");
  }

  /** The local clock, uncorrected. */
  public Clock local() {
    return local;
  }

  @Override
  public Instant instant() {
    return local.instant().plusMillis(offsetMillis);
  }

  @Override
  public ZoneId getZone() {
    return local.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the agent's clock has one zone, UTC");
  }
}
