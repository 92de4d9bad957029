package dev.baton.agent.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The time the agent stamps its beats with: the authority's, carried forward on the agent's own
 * monotonic clock. Every baton read reports the time the authority answered (DynamoDB's {@code
 * Date} header, to the second); from the first answer on, the agent's time is that reading plus the
 * monotonic time elapsed since, re-anchored only when the two drift apart by more than {@link
 * #TOLERANCE}. A wall clock that is wrong, or jumps (NTP steps, a resumed VM), moves nothing: the
 * monitor judges freshness by {@code sentAt}, and the grant bounds a silent agent's lease by it
 * (docs/decisions/0017-revoke-then-grant.md). Until the first answer the local wall clock is used,
 * and the agent does not turn active on a beat stamped by it ({@link #anchored()}). The wall
 * clock's offset from the authority's is reported while it exceeds the tolerance.
 */
public final class AuthorityClock extends Clock {
  /** Offsets within this are the header's resolution and the round trip, not skew. */
  public static final Duration TOLERANCE = Duration.ofMillis(1500);

  private final Clock local;
  private final LongSupplier monotonicNanos;
  private volatile Instant anchor;
  private volatile long anchorNanos;

  public AuthorityClock(Clock local, LongSupplier monotonicNanos) {
    this.local = Objects.requireNonNull(local, "local");
    this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
  }

  /**
   * Takes the authority's answer into account.
   *
   * @param sentNanos the monotonic clock just before the request
   * @param receivedNanos the monotonic clock just after the answer
   * @param authority the authority's time in its answer
   * @param resolution the resolution of {@code authority} (1 s for an HTTP {@code Date} header)
   * @return a sentence for the log when the wall clock's offset crossed the tolerance either way
   */
  public Optional<String> observe(
      long sentNanos, long receivedNanos, Instant authority, Duration resolution) {
    long midNanos = sentNanos + (receivedNanos - sentNanos) / 2;
    Instant authorityMid = authority.plus(resolution.dividedBy(2));
    long before = offsetMillis();
    Instant projected = anchor == null ? null : anchor.plusNanos(midNanos - anchorNanos);
    if (projected == null
        || Math.abs(Duration.between(projected, authorityMid).toMillis()) > TOLERANCE.toMillis()) {
      anchor = authorityMid;
      anchorNanos = midNanos;
    }
    long after = offsetMillis();
    if ((before == 0) == (after == 0)) {
      return Optional.empty();
    }
    return Optional.of(
        after == 0
            ? "wall clock agrees with the authority's again"
            : describe(after) + "; beats are stamped with the authority's time");
  }

  /** Whether the time is anchored to the authority's (false until its first answer). */
  public boolean anchored() {
    return anchor != null;
  }

  /**
   * How far the wall clock is behind the authority's (negative: ahead), in milliseconds, when
   * beyond {@link #TOLERANCE}; zero otherwise or before the first answer.
   */
  public long offsetMillis() {
    if (anchor == null) {
      return 0;
    }
    long offset = Duration.between(local.instant(), instant()).toMillis();
    return Math.abs(offset) > TOLERANCE.toMillis() ? offset : 0;
  }

  /** What the beat reports while the wall clock is off, e.g. "wall clock 9.0 s behind ...". */
  public static String describe(long offsetMillis) {
    return String.format(
        java.util.Locale.ROOT,
        "wall clock %.1f s %s the authority's",
        Math.abs(offsetMillis) / 1000.0,
        offsetMillis > 0 ? "behind" : "ahead of");
  }

  /** The local wall clock. */
  public Clock local() {
    return local;
  }

  @Override
  public Instant instant() {
    Instant a = anchor;
    return a == null ? local.instant() : a.plusNanos(monotonicNanos.getAsLong() - anchorNanos);
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
