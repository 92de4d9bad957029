package dev.baton.port;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code BATON/ACTIVE} item. Concurrency rule: every change is a compare-and-set on the epoch
 * (and, for a hand-over, the active region); a lost race is an outcome, never an exception.
 */
public interface BatonStore {

  /** The baton, read with strong consistency; empty before the first placement. */
  Optional<Baton> read();

  /** Creates the baton if none exists; returns the baton as stored afterwards. */
  Baton initialize(Baton initial);

  /**
   * Hands the baton from {@code from} to {@code to} if its epoch is still {@code expectedEpoch} and
   * its active region still {@code from} (and, for an automatic claim, its mode still AUTO: a
   * freeze made after the decision stops it): the fencing point of every promotion. The claim
   * revokes: the new baton names {@code to} but is not granted until {@link #grant}.
   */
  ClaimOutcome claim(
      long expectedEpoch,
      String from,
      String to,
      String promotionId,
      boolean automatic,
      String reason,
      Instant now);

  /**
   * Grants the baton of {@code epoch} (claimed by {@code promotionId}) to its region: from now its
   * agents may turn active. Conditional on the epoch and the promotion, so a grant never applies to
   * a newer claim.
   */
  ClaimOutcome grant(long epoch, String promotionId, Instant now);

  /** Sets the mode if the epoch is still {@code expectedEpoch}. */
  ClaimOutcome setMode(long expectedEpoch, BatonMode mode, String reason, Instant now);

  /**
   * Publishes, on the baton item, the fence deadline agents must respect (decision 0017); writes
   * only when the baton exists and the published value differs.
   *
   * @return true when it wrote, false when the item already said so (or there is no baton yet)
   */
  boolean publishFenceDeadline(java.time.Duration fenceDeadline);

  /**
   * Publishes, on the baton item, the regions' public health URLs (region to URL) that agents probe
   * from outside (docs/decisions/0023); writes only when the baton exists and the published value
   * differs. An empty map removes nothing: it publishes no target.
   *
   * @return true when it wrote
   */
  boolean publishOutsideTargets(java.util.Map<String, String> healthUrls);

  /** The result of a compare-and-set on the baton. */
  sealed interface ClaimOutcome {
    /** The change was made; the baton as stored. */
    record Claimed(Baton baton) implements ClaimOutcome {}

    /** The baton moved on (or was never placed): not acting. */
    record EpochMoved(Optional<Baton> current) implements ClaimOutcome {}
  }
}
