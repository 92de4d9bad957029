package dev.baton.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the health table's guards look at: whether the region's sample is up right now, and the two
 * clocks of its hysteresis. Built by the {@link Evaluator} from a {@link RegionCensus} and the
 * previous {@link RegionState}.
 *
 * @param up whether up instances / members met the quorum at {@code now}
 * @param lastUpAt the latest instant the region is known to have been up, or null if never
 * @param upSince start of the current unbroken run of up samples, or null when the sample is down
 * @param now the evaluation instant
 * @param timings the thresholds
 */
public record RegionSample(
    boolean up, Instant lastUpAt, Instant upSince, Instant now, Timings timings) {

  public RegionSample {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(timings, "timings");
  }

  /**
   * How long the region has been down by the evidence: {@code now - lastUpAt}; a region never seen
   * up counts as down forever.
   */
  public Duration downFor() {
    return lastUpAt == null ? Durations.FOREVER : Duration.between(lastUpAt, now);
  }

  /** How long the sample has been up without a break; zero when it is down. */
  public Duration upFor() {
    return upSince == null ? Duration.ZERO : Duration.between(upSince, now);
  }
}
