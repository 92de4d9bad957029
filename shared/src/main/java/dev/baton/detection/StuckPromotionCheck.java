package dev.baton.detection;

import dev.baton.domain.Baton;
import dev.baton.promotion.PromotionJournal;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import dev.baton.promotion.StepStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the promotion that holds the baton but stopped making progress: its journal says RUNNING
 * and nothing was written to it for {@code stuckAfter}, longer than the promotion function may run.
 * Its Lambda died mid-saga (killed at its timeout, out of memory, the sandbox lost), so traffic may
 * be half moved and nobody will continue it: an operator must {@code resume} it or fail back.
 *
 * <p>Only the promotion named by the baton is looked at. One that died before claiming the baton
 * changed nothing outside the journal, and a resume of it is refused once any newer promotion has
 * claimed; the detectors ask again while the active region stays down.
 */
public final class StuckPromotionCheck {
  /** The default: the promotion function's 300 s timeout in template.yaml, plus a minute. */
  public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(6);

  private final PromotionJournal journal;
  private final Duration stuckAfter;
  private final Clock clock;

  /**
   * @param stuckAfter how long a RUNNING promotion may go without a journal write; must exceed the
   *     promotion function's timeout, or a slow but live saga is reported
   */
  public StuckPromotionCheck(PromotionJournal journal, Duration stuckAfter, Clock clock) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.stuckAfter = Objects.requireNonNull(stuckAfter, "stuckAfter");
    if (stuckAfter.isNegative() || stuckAfter.isZero()) {
      throw new IllegalArgumentException("stuckAfter must be positive, was " + stuckAfter);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The promotion {@code baton} names, when it is stuck; journal read failures propagate.
   *
   * @param baton the baton as the sweep's evaluation just read it
   */
  public Optional<StuckPromotion> check(Optional<Baton> baton) {
    Optional<String> id = baton.map(Baton::promotionId);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Optional<PromotionRecord> found = journal.load(id.get());
    if (found.isEmpty() || found.get().status() != PromotionStatus.RUNNING) {
      return Optional.empty();
    }
    PromotionRecord promotion = found.get();
    Instant now = clock.instant();
    Duration idle = Duration.between(promotion.updatedAt(), now);
    if (idle.compareTo(stuckAfter) < 0) {
      return Optional.empty();
    }
    String step =
        promotion.steps().stream()
            .filter(s -> s.status() != StepStatus.SUCCEEDED)
            .map(StepRecord::name)
            .findFirst()
            .orElse("(every step done; only the final status is missing)");
    return Optional.of(
        new StuckPromotion(
            promotion.id(),
            promotion.from(),
            promotion.to(),
            promotion.epoch(),
            step,
            promotion.updatedAt(),
            idle));
  }

  /**
   * A promotion nobody is running any more.
   *
   * @param promotionId what {@code baton resume} takes
   * @param from the region the baton came from
   * @param to the region that holds the baton now
   * @param epoch the epoch the promotion claimed
   * @param step the first step not done
   * @param lastWrite when the journal was last written
   * @param idle how long ago that was
   */
  public record StuckPromotion(
      String promotionId,
      String from,
      String to,
      long epoch,
      String step,
      Instant lastWrite,
      Duration idle) {

    /** One sentence for the log and the sweeper's answer. */
    public String describe() {
      return "promotion "
          + promotionId
          + " ("
          + from
          + " -> "
          + to
          + ", epoch "
          + epoch
          + ") is RUNNING but nothing has run it since "
          + lastWrite
          + " ("
          + idle.toSeconds()
          + " s); its next step is "
          + step
          + ". Run `baton resume "
          + promotionId
          + "` to finish it, or fail back";
    }
  }
}
