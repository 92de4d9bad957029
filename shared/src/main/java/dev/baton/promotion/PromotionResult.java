package dev.baton.promotion;

import dev.baton.domain.Baton;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;
import java.util.List;
import java.util.Objects;

/**
 * What the promotion function answers: an outcome (the JSON {@code outcome} field) and one sentence
 * of reason, plus the facts of that outcome.
 */
public sealed interface PromotionResult {

  /** The JSON {@code outcome}: promoted, failed, not-acting, rejected, dry-run, ... */
  String outcome();

  /** One sentence a human can read. */
  String reason();

  /** The saga ran every step: traffic goes to the target. */
  record Promoted(PromotionRecord promotion, String reason) implements PromotionResult {
    @Override
    public String outcome() {
      return "promoted";
    }
  }

  /** A step gave up; the promotion can be resumed from it. */
  record Failed(PromotionRecord promotion, String step, String reason) implements PromotionResult {
    @Override
    public String outcome() {
      return "failed";
    }
  }

  /**
   * A valid request that changed nothing: a stale epoch, a lost race, frozen automation, a mode
   * already set, a promotion already finished.
   *
   * @param baton the baton as last read, or null
   * @param promotion the promotion concerned (a superseded one, a resumed one), or null
   */
  record NotActing(String reason, Baton baton, PromotionRecord promotion)
      implements PromotionResult {
    public NotActing {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String outcome() {
      return "not-acting";
    }
  }

  /** A bad request: nothing was written. */
  record Rejected(String field, String rule) implements PromotionResult {
    @Override
    public String outcome() {
      return "rejected";
    }

    @Override
    public String reason() {
      return field + ": " + rule;
    }
  }

  /**
   * A dry run: what would happen, and every request the routers would send; nothing was written.
   *
   * @param steps the steps that would run, in order
   * @param requests every request the routers would send
   * @param problems routers that could not even plan (e.g. the Global LB could not be read)
   */
  record DryRun(
      String reason,
      List<String> steps,
      List<TrafficRouter.PlannedRequest> requests,
      List<String> problems)
      implements PromotionResult {
    public DryRun {
      steps = List.copyOf(steps);
      requests = List.copyOf(requests);
      problems = List.copyOf(problems);
    }

    @Override
    public String outcome() {
      return "dry-run";
    }
  }

  /** Automation was frozen or unfrozen; the baton as stored afterwards. */
  record ModeChanged(Baton baton, String reason) implements PromotionResult {
    @Override
    public String outcome() {
      return baton.mode() == dev.baton.domain.BatonMode.FROZEN ? "frozen" : "unfrozen";
    }
  }

  /**
   * The readiness check: every problem found, by router and region, and notes that are not problems
   * but change what Baton can see (a region judged from inside only).
   */
  record Readiness(List<ReadinessCheck.Problem> problems, List<String> notes)
      implements PromotionResult {
    public Readiness {
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
    }

    public Readiness(List<ReadinessCheck.Problem> problems) {
      this(problems, List.of());
    }

    @Override
    public String outcome() {
      return problems.isEmpty() ? "ready" : "not-ready";
    }

    @Override
    public String reason() {
      return problems.isEmpty()
          ? "every router can reach its provider and finds its target in every region"
          : problems.size()
              + (problems.size() == 1 ? " problem" : " problems")
              + " on the failover path";
    }
  }
}
