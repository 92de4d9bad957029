package dev.baton.promotion;

import dev.baton.domain.Baton;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.Topology;
import dev.baton.port.BatonStore;
import dev.baton.port.TrafficRouter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resume <promotionId>}: continues a failed or interrupted promotion from its first
 * unfinished step, never repeating a finished one, and refuses when a newer epoch holds the baton.
 */
final class PromotionResumer {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionResumer.class);

  private final Topology topology;
  private final PromotionJournal journal;
  private final BatonStore batons;
  private final List<TrafficRouter> routers;
  private final SagaRun sagaRun;
  private final PromotionAudit audit;
  private final Clock clock;

  PromotionResumer(
      Topology topology,
      PromotionJournal journal,
      BatonStore batons,
      List<TrafficRouter> routers,
      SagaRun sagaRun,
      PromotionAudit audit,
      Clock clock) {
    this.topology = topology;
    this.journal = journal;
    this.batons = batons;
    this.routers = routers;
    this.sagaRun = sagaRun;
    this.audit = audit;
    this.clock = clock;
  }

  PromotionResult resume(PromotionRequest.Resume request, TimeBudget budget) {
    Optional<PromotionRecord> found = journal.load(request.promotionId());
    if (found.isEmpty()) {
      return new PromotionResult.Rejected(
          "promotionId", "no promotion '" + request.promotionId() + "' in the journal");
    }
    PromotionRecord promotion = found.get();
    Optional<Baton> baton = batons.read();
    if (!promotion.status().resumable()) {
      return new PromotionResult.NotActing(
          "not acting: promotion " + promotion.id() + " is already " + promotion.status(),
          baton.orElse(null),
          promotion);
    }
    Optional<String> stale = staleFor(promotion, baton);
    if (stale.isPresent()) {
      if (!request.dryRun()) {
        String line =
            "resume refused at "
                + clock.instant()
                + " ("
                + request.requestedBy()
                + "): "
                + stale.get();
        promotion =
            journal.save(
                promotion
                    .withHistory(line, clock.instant())
                    .withStatus(PromotionStatus.SUPERSEDED, clock.instant()));
        audit.record("not-acting", promotion.id(), stale.get(), PromotionAudit.details(request));
      }
      return new PromotionResult.NotActing(stale.get(), baton.orElse(null), promotion);
    }
    Optional<RegionConfig> target = topology.region(promotion.to());
    if (target.isEmpty()) {
      return new PromotionResult.Rejected(
          "promotionId",
          "promotion "
              + promotion.id()
              + " moves to '"
              + promotion.to()
              + "', which is no longer a region of the topology "
              + topology.regionNamesByPriority());
    }
    List<String> remaining =
        promotion.steps().stream()
            .filter(s -> s.status().unfinished())
            .map(StepRecord::name)
            .toList();
    String from = remaining.isEmpty() ? "the final status" : remaining.get(0);
    if (request.dryRun()) {
      return DryRunPlan.of(
          "dry run: would resume " + promotion.id() + " at " + from,
          remaining,
          routers.stream()
              .filter(r -> remaining.contains(PromotionSteps.SHIFT_PREFIX + r.name()))
              .toList(),
          target.get());
    }
    String line =
        "resumed at "
            + clock.instant()
            + " by "
            + request.requestedBy()
            + " from "
            + from
            + ": "
            + request.reason();
    promotion =
        journal.save(
            promotion
                .withHistory(line, clock.instant())
                .withStatus(PromotionStatus.RUNNING, clock.instant()));
    LOG.info("promotion {} {}", promotion.id(), line);
    audit.record("promotion-resumed", promotion.id(), line, PromotionAudit.details(request));
    return sagaRun.run(promotion, target.get(), budget);
  }

  /**
   * Why {@code promotion} must not act (resume it, or make its next provider call): a newer epoch
   * holds the baton. A reconcile acts only while the baton it found, granted, is still in place.
   */
  static Optional<String> staleFor(PromotionRecord promotion, Optional<Baton> baton) {
    if (baton.isEmpty()) {
      return Optional.of("not acting: the baton is gone");
    }
    Baton b = baton.get();
    if (promotion.reconcile()) {
      boolean inPlace =
          b.epoch() == promotion.epoch() && b.activeRegion().equals(promotion.to()) && b.granted();
      return inPlace
          ? Optional.empty()
          : Optional.of(
              "not acting: epoch moved to "
                  + b.epoch()
                  + " ("
                  + b.activeRegion()
                  + " active"
                  + (b.granted() ? "" : ", not yet granted")
                  + "); reconcile "
                  + promotion.id()
                  + " can no longer act");
    }
    if (promotion.id().equals(b.promotionId())) {
      return promotion.claimed() && b.epoch() != promotion.epoch()
          ? Optional.of(
              "not acting: epoch moved to " + b.epoch() + " (" + b.activeRegion() + " active)")
          : Optional.empty();
    }
    // Claimed and no longer the holder, or never claimed and the epoch it expected is gone.
    boolean moved = promotion.claimed() || b.epoch() != promotion.expectedEpoch();
    return moved
        ? Optional.of(
            "not acting: epoch moved to "
                + b.epoch()
                + " ("
                + b.activeRegion()
                + " active); promotion "
                + promotion.id()
                + " can no longer act")
        : Optional.empty();
  }
}
