package dev.baton.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who holds the baton: the one active region, and the epoch that authorised it (the {@code
 * BATON/ACTIVE} item). Every hand-over increments the epoch.
 *
 * @param activeRegion the region that serves traffic; never empty
 * @param epoch increases by one on every hand-over
 * @param mode AUTO or FROZEN
 * @param since when the current region took the baton (or the mode last changed)
 * @param reason why the baton is where it is
 * @param promotionId the promotion that last moved the baton, or null
 * @param autoPromotions times of recent automatic promotions (for the cooldown and flap limit)
 * @param version optimistic-locking version of the stored item
 * @param granted whether the active region may act: a claim revokes (names the new region, not
 *     granted), and the grant follows once every agent of any other region has stepped down or
 *     provably fenced (docs/decisions/0017-revoke-then-grant.md); agents turn active only on a
 *     granted baton
 */
public record Baton(
    String activeRegion,
    long epoch,
    BatonMode mode,
    Instant since,
    String reason,
    String promotionId,
    List<Instant> autoPromotions,
    long version,
    boolean granted) {

  /** A granted baton (the only kind before the handover protocol). */
  public Baton(
      String activeRegion,
      long epoch,
      BatonMode mode,
      Instant since,
      String reason,
      String promotionId,
      List<Instant> autoPromotions,
      long version) {
    this(activeRegion, epoch, mode, since, reason, promotionId, autoPromotions, version, true);
  }

  public Baton {
    Objects.requireNonNull(activeRegion, "activeRegion");
    if (activeRegion.isBlank()) {
      throw new IllegalArgumentException(
          "activeRegion must not be blank: the baton is never empty");
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
    }
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(since, "since");
    reason = Objects.requireNonNullElse(reason, "");
    autoPromotions = autoPromotions == null ? List.of() : List.copyOf(autoPromotions);
  }

  /** Whether agents of {@code region} may be active under this baton. */
  public boolean activeIn(String region) {
    return granted && activeRegion.equals(region);
  }

  /** The baton a fresh deployment starts with: the best-priority region, epoch 1, AUTO. */
  public static Baton initial(String activeRegion, Instant now) {
    return new Baton(activeRegion, 1, BatonMode.AUTO, now, "initial placement", null, List.of(), 0);
  }
}
