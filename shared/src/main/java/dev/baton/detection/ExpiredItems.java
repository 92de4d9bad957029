package dev.baton.detection;

import dev.baton.domain.Heartbeat;
import dev.baton.port.DependencyException;
import java.time.Instant;
import java.util.List;

/**
 * Deletes control-table items whose {@code expiresAt} has passed, a bounded number per sweep: the
 * strongly consistent (MRSC) table has no TTL (docs/decisions/0024). Every delete is conditional on
 * the item still being expired (and, for a heartbeat, still holding the beat that was loaded), so
 * three monitors doing it at once, or TTL doing it too, delete each item once and nothing else.
 */
public interface ExpiredItems {

  /**
   * One pass: the expired items among {@code loaded} (the beats the sweep just read), then expired
   * audit items, at most the implementation's bound of deletes in all.
   *
   * @throws DependencyException when the table cannot be read or written; the deletes already made
   *     stay made, the next sweep carries on
   */
  Outcome expire(List<Heartbeat> loaded, Instant now);

  /**
   * What one pass did.
   *
   * @param heartbeatsDeleted heartbeat items deleted
   * @param auditDeleted audit items deleted
   * @param skipped deletes whose condition failed or that raced another monitor's write (already
   *     gone, beating again, not yet expired, or deleted by another monitor or TTL)
   * @param budgetSpent whether the pass stopped at its bound (more may be expired)
   */
  record Outcome(int heartbeatsDeleted, int auditDeleted, int skipped, boolean budgetSpent) {
    public static final Outcome NOTHING = new Outcome(0, 0, 0, false);

    public int deleted() {
      return heartbeatsDeleted + auditDeleted;
    }
  }
}
