package dev.baton.promotion;

import java.util.Optional;

/**
 * Checked before every external call of a promotion: if a newer epoch holds the baton, the
 * promotion must not touch traffic again (docs/architecture.md), "no traffic change under a stale
 * epoch").
 */
@FunctionalInterface
public interface Fence {

  /** Why this promotion must stop now (e.g. "not acting: epoch moved to 5"), or empty to go on. */
  Optional<String> stopReason();
}
