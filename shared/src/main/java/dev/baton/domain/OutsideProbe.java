package dev.baton.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One probe of a region's public health URL from outside the region (docs/decisions/0023): by an
 * agent of another DigitalOcean region, carried in its beat, or by a monitor in AWS.
 *
 * @param ok whether the URL answered 2xx in time
 * @param detail a short detail for reasons and {@code baton status}, e.g. {@code HTTP 200} or
 *     {@code connection refused}; never a secret (URLs are not echoed)
 * @param downSince on a failed probe: the instant from which the prober counts the region
 *     unreachable, midway between its last good probe of it and the first failed one of this run,
 *     or that first failed probe when it never reached the region (the prober's clock, the
 *     authority's for an agent); the same on every failed probe of a run, so a judgement made from
 *     it does not move while the failure lasts. Null on a good probe.
 */
public record OutsideProbe(boolean ok, String detail, Instant downSince) {
  public OutsideProbe {
    detail = Objects.requireNonNullElse(detail, "");
    if (ok == (downSince != null)) {
      throw new IllegalArgumentException(
          ok
              ? "a good outside probe has no downSince, was " + downSince
              : "a failed outside probe needs downSince");
    }
  }

  /** A good probe. */
  public static OutsideProbe up(String detail) {
    return new OutsideProbe(true, detail, null);
  }

  /** A failed probe of a run that started at {@code downSince}. */
  public static OutsideProbe down(String detail, Instant downSince) {
    return new OutsideProbe(false, detail, downSince);
  }
}
