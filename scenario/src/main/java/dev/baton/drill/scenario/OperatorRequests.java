package dev.baton.drill.scenario;

import dev.baton.domain.PromotionKind;
import dev.baton.domain.PromotionRequest;
import java.util.function.Supplier;

/** The promotion request an operator's command in a scenario sends, as the CLI builds it. */
public final class OperatorRequests {
  private OperatorRequests() {}

  /**
   * The request of {@code manual}.
   *
   * @param requestedBy who sends it (the runners use {@code drill})
   * @param latestFailed the newest failed promotion's id, asked only for a bare {@code resume}
   */
  public static PromotionRequest of(
      DrillAction.Manual manual, String requestedBy, Supplier<String> latestFailed) {
    if (manual instanceof DrillAction.Failback f) {
      return new PromotionRequest.Manual(
          PromotionKind.FAILBACK, f.to(), f.force(), null, requestedBy, f.reason(), false);
    }
    if (manual instanceof DrillAction.Switchover s) {
      return new PromotionRequest.Manual(
          PromotionKind.SWITCHOVER, s.to(), s.force(), null, requestedBy, s.reason(), false);
    }
    if (manual instanceof DrillAction.Freeze f) {
      return new PromotionRequest.Freeze(requestedBy, f.reason(), false);
    }
    if (manual instanceof DrillAction.Unfreeze u) {
      return new PromotionRequest.Unfreeze(requestedBy, u.reason(), false);
    }
    if (manual instanceof DrillAction.Reconcile c) {
      return new PromotionRequest.Reconcile(null, requestedBy, c.reason(), false);
    }
    DrillAction.Resume r = (DrillAction.Resume) manual;
    String id = r.promotionId() != null ? r.promotionId() : latestFailed.get();
    return new PromotionRequest.Resume(id, requestedBy, r.reason(), false);
  }
}
