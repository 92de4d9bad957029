package dev.baton.domain;

import java.util.Objects;

/** What {@link PromotionRules#decide} says about a promotion request. */
public sealed interface PromotionDecision {

  /** One sentence a human can read. */
  String reason();

  /**
   * Go ahead.
   *
   * @param kind the kind of promotion for requests that run a promotion (failover, failback,
   *     switchover, which move the baton; reconcile, which moves only the traffic); null for
   *     freeze, unfreeze and resume, which move nothing themselves
   * @param from the active region now (null for resume: the journal knows)
   * @param to the region that will hold the baton (the active region for freeze/unfreeze; null for
   *     resume)
   * @param forced whether the operator passed {@code force} (recorded with the promotion)
   * @param reason why it may proceed
   */
  record Proceed(PromotionKind kind, String from, String to, boolean forced, String reason)
      implements PromotionDecision {
    public Proceed {
      Objects.requireNonNull(reason, "reason");
    }

    /** Whether this decision hands the baton to another region. */
    public boolean movesBaton() {
      return kind != null && kind.movesBaton();
    }

    /** Whether this decision runs a promotion (the saga): every kind, reconcile included. */
    public boolean runsPromotion() {
      return kind != null;
    }
  }

  /** A valid request that does nothing now (stale epoch, frozen, already done...). */
  record NotActing(String reason) implements PromotionDecision {
    public NotActing {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A request that breaks a rule; the caller answers {@code {"outcome":"rejected","field":...}}.
   *
   * @param field the request field at fault, e.g. {@code to}
   * @param rule the rule it breaks, in words an operator understands
   */
  record Rejected(String field, String rule) implements PromotionDecision {
    public Rejected {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String reason() {
      return field + ": " + rule;
    }
  }
}
