package dev.baton.detection;

import dev.baton.domain.Baton;
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
 */
public record SweepReport(
    String summary, int markedStale, int overtaken, int instances, Optional<Baton> baton) {
  public SweepReport {
    Objects.requireNonNull(baton, "baton");
  }
}
