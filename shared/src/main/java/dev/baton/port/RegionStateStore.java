package dev.baton.port;

import dev.baton.domain.RegionState;
import java.util.Map;

/** The {@code REGION#<region>/STATE} items. Only the home region writes them. */
public interface RegionStateStore {

  /** Every stored region state, by region; regions never stored are absent. */
  Map<String, RegionState> loadAll();

  /**
   * Stores {@code next} if the stored item still has {@code next.version()} (0: must not exist),
   * incrementing the version.
   */
  SaveOutcome save(RegionState next);

  /** The result of a conditional save. */
  sealed interface SaveOutcome {
    /** Stored; the state as stored, with its new version. */
    record Saved(RegionState stored) implements SaveOutcome {}

    /** Someone else wrote first: re-read and re-evaluate. */
    record Conflict(String region, String detail) implements SaveOutcome {}
  }
}
