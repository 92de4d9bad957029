package dev.baton.promotion;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.PromotionDecision;
import dev.baton.domain.PromotionRequest;
import dev.baton.notify.Notice;
import dev.baton.notify.Notifier;
import dev.baton.port.BatonStore;
import dev.baton.port.BatonStore.ClaimOutcome;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Freeze and unfreeze: a compare-and-set of the baton's mode, audited and announced. */
final class ModeChange {
  private static final Logger LOG = LoggerFactory.getLogger(ModeChange.class);

  private final BatonStore batons;
  private final Notifier notifier;
  private final PromotionAudit audit;
  private final Clock clock;

  ModeChange(BatonStore batons, Notifier notifier, PromotionAudit audit, Clock clock) {
    this.batons = batons;
    this.notifier = notifier;
    this.audit = audit;
    this.clock = clock;
  }

  PromotionResult apply(PromotionRequest request, PromotionDecision.Proceed proceed, Baton baton) {
    BatonMode mode = request instanceof PromotionRequest.Freeze ? BatonMode.FROZEN : BatonMode.AUTO;
    if (request.dryRun()) {
      return new PromotionResult.DryRun(
          "dry run: would set the mode to " + mode + ": " + proceed.reason(),
          List.of("set-mode"),
          List.of(),
          List.of());
    }
    ClaimOutcome outcome = batons.setMode(baton.epoch(), mode, proceed.reason(), clock.instant());
    if (outcome instanceof ClaimOutcome.EpochMoved moved) {
      String reason =
          "not acting: epoch moved to "
              + moved.current().map(b -> Long.toString(b.epoch())).orElse("?")
              + " while setting the mode to "
              + mode
              + "; send the request again";
      audit.record("not-acting", request.action(), reason, PromotionAudit.details(request));
      return new PromotionResult.NotActing(reason, moved.current().orElse(null), null);
    }
    Baton stored = ((ClaimOutcome.Claimed) outcome).baton();
    LOG.warn("automation is now {}: {}", mode, proceed.reason());
    audit.record("mode-changed", mode.name(), proceed.reason(), PromotionAudit.details(request));
    try {
      notifier.send(
          new Notice.ModeNotice(
              mode.name(),
              stored.activeRegion(),
              stored.epoch(),
              request.requestedBy(),
              proceed.reason()));
    } catch (RuntimeException e) {
      // The mode is changed and audited; a lost notice must not turn that into an error.
      LOG.error("could not send the mode notice: {}", StepAttempts.describe(e));
    }
    return new PromotionResult.ModeChanged(stored, proceed.reason());
  }
}
