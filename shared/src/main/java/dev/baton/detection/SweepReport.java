package dev.baton.detection;

import dev.baton.domain.Baton;
import dev.baton.domain.RegionHealth;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one sweep did.
 *
 * @param summary the evaluation's one-line summary
 * @param markedStale beats marked STALE
 * @param overtaken stale beats not marked because a newer beat arrived first
 * @param instances instances in view
 * @param baton the baton as the evaluation read it (empty before the first promotion request)
 * @param regions every region's health after the evaluation
 */
public record SweepReport(
    String summary,
    int markedStale,
    int overtaken,
    int instances,
    Optional<Baton> baton,
    Map<String, RegionHealth> regions) {
  public SweepReport {
    Objects.requireNonNull(baton, "baton");
    regions = Map.copyOf(regions);
  }
}
