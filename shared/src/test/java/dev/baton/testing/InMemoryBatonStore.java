package dev.baton.testing;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.port.BatonStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The baton item in memory, with the DynamoDB adapter's compare-and-set rules: a claim needs the
 * expected epoch and active region, a mode change the expected epoch, and an unfreeze clears the
 * recent automatic promotions (the operator's acknowledgement of the flap limit). Thread-safe.
 */
public final class InMemoryBatonStore implements BatonStore {
  private Baton baton;
  private int reads;
  private int writes;
  private int failingReads;
  private RuntimeException readFailure;

  public InMemoryBatonStore() {}

  public InMemoryBatonStore(Baton baton) {
    this.baton = baton;
  }

  /** Replaces the stored baton (another writer, e.g. the promotion function). */
  public synchronized InMemoryBatonStore put(Baton baton) {
    this.baton = baton;
    return this;
  }

  /** The stored baton, without counting a read. */
  public synchronized Optional<Baton> peek() {
    return Optional.ofNullable(baton);
  }

  /** Another actor moves the baton (e.g. a newer promotion): the epoch goes up by one. */
  public synchronized void overtake(String region, String promotionId) {
    baton =
        new Baton(
            region,
            baton.epoch() + 1,
            baton.mode(),
            baton.since(),
            "overtaken",
            promotionId,
            baton.autoPromotions(),
            baton.version() + 1);
  }

  /** The next {@code n} reads through the port throw {@code failure} (a throttled table). */
  public synchronized InMemoryBatonStore failReads(int n, RuntimeException failure) {
    this.failingReads = n;
    this.readFailure = failure;
    return this;
  }

  /** How often the baton was read through the port. */
  public synchronized int reads() {
    return reads;
  }

  /** How often the port changed the baton (initialize, claim, mode change). */
  public synchronized int writes() {
    return writes;
  }

  @Override
  public synchronized Optional<Baton> read() {
    reads++;
    if (failingReads > 0) {
      failingReads--;
      throw readFailure;
    }
    return Optional.ofNullable(baton);
  }

  @Override
  public synchronized Baton initialize(Baton initial) {
    if (baton == null) {
      writes++;
      baton = initial;
    }
    return baton;
  }

  @Override
  public synchronized ClaimOutcome claim(
      long expectedEpoch,
      String from,
      String to,
      String promotionId,
      boolean automatic,
      String reason,
      Instant now) {
    if (baton == null
        || baton.epoch() != expectedEpoch
        || !baton.activeRegion().equals(from)
        || (automatic && baton.mode() != BatonMode.AUTO)) {
      return new ClaimOutcome.EpochMoved(Optional.ofNullable(baton));
    }
    List<Instant> autos = new ArrayList<>(baton.autoPromotions());
    if (automatic) {
      autos.add(now);
    }
    writes++;
    baton =
        new Baton(
            to,
            expectedEpoch + 1,
            baton.mode(),
            now,
            reason,
            promotionId,
            autos,
            baton.version() + 1,
            false);
    return new ClaimOutcome.Claimed(baton);
  }

  private java.time.Duration fenceDeadline;

  /** The fence deadline published on the item, or null. */
  public synchronized java.time.Duration fenceDeadline() {
    return fenceDeadline;
  }

  @Override
  public synchronized boolean publishFenceDeadline(java.time.Duration deadline) {
    if (baton == null || deadline.equals(fenceDeadline)) {
      return false;
    }
    writes++;
    fenceDeadline = deadline;
    return true;
  }

  /** The outside targets published, or null when never. */
  private java.util.Map<String, String> outsideTargets;

  @Override
  public synchronized boolean publishOutsideTargets(java.util.Map<String, String> healthUrls) {
    if (baton == null || healthUrls.equals(outsideTargets)) {
      return false;
    }
    writes++;
    outsideTargets = java.util.Map.copyOf(healthUrls);
    return true;
  }

  /** What {@link #publishOutsideTargets} last published, or null. */
  public synchronized java.util.Map<String, String> outsideTargets() {
    return outsideTargets;
  }

  @Override
  public synchronized ClaimOutcome grant(long epoch, String promotionId, Instant now) {
    if (baton == null || baton.epoch() != epoch || !promotionId.equals(baton.promotionId())) {
      return new ClaimOutcome.EpochMoved(Optional.ofNullable(baton));
    }
    writes++;
    baton =
        new Baton(
            baton.activeRegion(),
            baton.epoch(),
            baton.mode(),
            baton.since(),
            baton.reason(),
            baton.promotionId(),
            baton.autoPromotions(),
            baton.version() + 1,
            true);
    return new ClaimOutcome.Claimed(baton);
  }

  @Override
  public synchronized ClaimOutcome setMode(
      long expectedEpoch, BatonMode mode, String reason, Instant now) {
    if (baton == null || baton.epoch() != expectedEpoch) {
      return new ClaimOutcome.EpochMoved(Optional.ofNullable(baton));
    }
    writes++;
    baton =
        new Baton(
            baton.activeRegion(),
            baton.epoch(),
            mode,
            now,
            reason,
            baton.promotionId(),
            // An unfreeze acknowledges the flap limit (as DynamoBatonStore does).
            mode == BatonMode.AUTO ? List.of() : baton.autoPromotions(),
            baton.version() + 1,
            baton.granted());
    return new ClaimOutcome.Claimed(baton);
  }
}
