package dev.baton.promotion;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.port.BatonStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The baton in memory, with the same compare-and-set rules as the DynamoDB store. */
final class InMemoryBatonStore implements BatonStore {
  private Baton baton;
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger reads = new AtomicInteger();

  InMemoryBatonStore(Baton initial) {
    this.baton = initial;
  }

  synchronized Optional<Baton> peek() {
    return Optional.ofNullable(baton);
  }

  /** Another actor moves the baton (e.g. a newer promotion). */
  synchronized void overtake(String region, String promotionId) {
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

  @Override
  public synchronized Optional<Baton> read() {
    reads.incrementAndGet();
    return Optional.ofNullable(baton);
  }

  @Override
  public synchronized Baton initialize(Baton initial) {
    if (baton == null) {
      writes.incrementAndGet();
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
    if (baton == null || baton.epoch() != expectedEpoch || !baton.activeRegion().equals(from)) {
      return new ClaimOutcome.EpochMoved(Optional.ofNullable(baton));
    }
    List<Instant> autos = new ArrayList<>(baton.autoPromotions());
    if (automatic) {
      autos.add(now);
    }
    writes.incrementAndGet();
    baton =
        new Baton(
            to,
            expectedEpoch + 1,
            baton.mode(),
            now,
            reason,
            promotionId,
            autos,
            baton.version() + 1);
    return new ClaimOutcome.Claimed(baton);
  }

  @Override
  public synchronized ClaimOutcome setMode(
      long expectedEpoch, BatonMode mode, String reason, Instant now) {
    if (baton == null || baton.epoch() != expectedEpoch) {
      return new ClaimOutcome.EpochMoved(Optional.ofNullable(baton));
    }
    writes.incrementAndGet();
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
            baton.version() + 1);
    return new ClaimOutcome.Claimed(baton);
  }
}
