package dev.baton.testing;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.port.BatonStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The baton item in memory, with the DynamoDB adapter's compare-and-set rules. */
public final class InMemoryBatonStore implements BatonStore {
  private Baton baton;
  private int reads;

  public InMemoryBatonStore() {}

  public InMemoryBatonStore(Baton baton) {
    this.baton = baton;
  }

  /** Replaces the stored baton (another writer, e.g. the promotion function). */
  public InMemoryBatonStore put(Baton baton) {
    this.baton = baton;
    return this;
  }

  /** How often the baton was read. */
  public int reads() {
    return reads;
  }

  @Override
  public Optional<Baton> read() {
    reads++;
    return Optional.ofNullable(baton);
  }

  @Override
  public Baton initialize(Baton initial) {
    if (baton == null) {
      baton = initial;
    }
    return baton;
  }

  @Override
  public ClaimOutcome claim(
      long expectedEpoch,
      String from,
      String to,
      String promotionId,
      boolean automatic,
      String reason,
      Instant now) {
    if (baton == null || baton.epoch() != expectedEpoch || !baton.activeRegion().equals(from)) {
      return new ClaimOutcome.EpochMoved(Optional.ofNullable(baton));
    }
    List<Instant> autos = new ArrayList<>(baton.autoPromotions());
    if (automatic) {
      autos.add(now);
    }
    baton =
        new Baton(
            to,
            baton.epoch() + 1,
            baton.mode(),
            now,
            reason,
            promotionId,
            autos,
            baton.version() + 1);
    return new ClaimOutcome.Claimed(baton);
  }

  @Override
  public ClaimOutcome setMode(long expectedEpoch, BatonMode mode, String reason, Instant now) {
    if (baton == null || baton.epoch() != expectedEpoch) {
      return new ClaimOutcome.EpochMoved(Optional.ofNullable(baton));
    }
    baton =
        new Baton(
            baton.activeRegion(),
            baton.epoch(),
            mode,
            now,
            reason,
            baton.promotionId(),
            baton.autoPromotions(),
            baton.version() + 1);
    return new ClaimOutcome.Claimed(baton);
  }
}
