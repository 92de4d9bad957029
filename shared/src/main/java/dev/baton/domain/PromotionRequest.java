package dev.baton.domain;

import java.util.List;
import java.util.Objects;

/**
 * Everything the promotion function accepts (docs/architecture.md). Requests that carry an {@code
 * expectedEpoch} are no-ops when the baton's epoch has moved on.
 */
public sealed interface PromotionRequest {

  /** Who asked: an operator's name or {@code baton:<function>}. */
  String requestedBy();

  /** Why, in the requester's words. */
  String reason();

  /** When true, nothing is written and no provider is changed: the plan is returned. */
  boolean dryRun();

  /**
   * The action's name as it appears in the JSON request ({@code failover}, {@code failback}, ...).
   */
  String action();

  /** Asked by a detector: move from the UNHEALTHY active region to the best HEALTHY one. */
  record AutoFailover(
      String from,
      String to,
      long expectedEpoch,
      List<String> evidence,
      String requestedBy,
      String reason,
      boolean dryRun)
      implements PromotionRequest {
    public AutoFailover {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    @Override
    public String action() {
      return "failover";
    }
  }

  /**
   * Asked by an operator: move the baton to {@code to}. {@code force} skips the "target must be
   * HEALTHY" rule and is recorded. {@code expectedEpoch} is optional (null: any epoch).
   */
  record Manual(
      PromotionKind kind,
      String to,
      boolean force,
      Long expectedEpoch,
      String requestedBy,
      String reason,
      boolean dryRun)
      implements PromotionRequest {
    public Manual {
      Objects.requireNonNull(kind, "kind");
      if (kind != PromotionKind.FAILBACK && kind != PromotionKind.SWITCHOVER) {
        throw new IllegalArgumentException("kind: a manual request is FAILBACK or SWITCHOVER");
      }
      Objects.requireNonNull(to, "to");
    }

    @Override
    public String action() {
      return kind == PromotionKind.FAILBACK ? "failback" : "switchover";
    }
  }

  /**
   * Asked by an operator: move every router's traffic to the region that holds the baton, without
   * moving the baton. {@code expectedEpoch} is optional (null: the current epoch).
   */
  record Reconcile(Long expectedEpoch, String requestedBy, String reason, boolean dryRun)
      implements PromotionRequest {
    @Override
    public String action() {
      return "reconcile";
    }
  }

  /** Blocks automatic promotions until {@link Unfreeze}. */
  record Freeze(String requestedBy, String reason, boolean dryRun) implements PromotionRequest {
    @Override
    public String action() {
      return "freeze";
    }
  }

  /** Allows automatic promotions again; the operator's acknowledgement of a flap freeze. */
  record Unfreeze(String requestedBy, String reason, boolean dryRun) implements PromotionRequest {
    @Override
    public String action() {
      return "unfreeze";
    }
  }

  /** Continues a failed promotion from its first unfinished step. */
  record Resume(String promotionId, String requestedBy, String reason, boolean dryRun)
      implements PromotionRequest {
    public Resume {
      Objects.requireNonNull(promotionId, "promotionId");
    }

    @Override
    public String action() {
      return "resume";
    }
  }
}
