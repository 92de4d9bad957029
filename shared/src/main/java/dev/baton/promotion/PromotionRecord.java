package dev.baton.promotion;

import dev.baton.domain.PromotionKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One promotion as journaled in its {@code PROMOTION#<id>} item: what was asked, by whom and why,
 * and where each step stands. The saga writes it before and after every step, so a run that dies
 * can be resumed from the first unfinished step.
 *
 * @param id the promotion id ({@code resume <id>})
 * @param kind AUTO_FAILOVER, FAILBACK or SWITCHOVER
 * @param from the region that held the baton when the promotion was decided
 * @param to the region that receives it
 * @param expectedEpoch the epoch the claim expects (the baton's epoch when decided)
 * @param epoch the epoch this promotion holds once claimed ({@code expectedEpoch + 1}; for a
 *     reconcile, which claims nothing, the baton's epoch it acts under, set when it starts); 0
 *     before
 * @param requestedBy who asked
 * @param reason why, in the requester's words
 * @param decision the rules' sentence on why the promotion may proceed
 * @param evidence the detector's evidence (automatic failovers)
 * @param force whether the operator forced a move to a region that was not HEALTHY
 * @param dryRun always false for stored promotions (a dry run writes nothing); kept for the shape
 * @param status where the promotion stands
 * @param steps every step, in the order they run
 * @param createdAt when the promotion was decided
 * @param updatedAt when the item was last written
 * @param revision optimistic-locking revision of the stored item; 0 before the first write
 * @param history resumes and other events, one readable line each
 */
public record PromotionRecord(
    String id,
    PromotionKind kind,
    String from,
    String to,
    long expectedEpoch,
    long epoch,
    String requestedBy,
    String reason,
    String decision,
    List<String> evidence,
    boolean force,
    boolean dryRun,
    PromotionStatus status,
    List<StepRecord> steps,
    Instant createdAt,
    Instant updatedAt,
    long revision,
    List<String> history) {

  public PromotionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    requestedBy = Objects.requireNonNullElse(requestedBy, "");
    reason = Objects.requireNonNullElse(reason, "");
    decision = Objects.requireNonNullElse(decision, "");
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    steps = List.copyOf(steps);
    history = history == null ? List.of() : List.copyOf(history);
    if (steps.stream().map(StepRecord::name).distinct().count() != steps.size()) {
      throw new IllegalArgumentException("steps: each step name once, was " + steps);
    }
  }

  /** Whether the detectors asked for this promotion (it counts toward the flap limit). */
  /** Whether this promotion leaves the baton where it is and moves only the traffic. */
  public boolean reconcile() {
    return kind == PromotionKind.RECONCILE;
  }

  public boolean automatic() {
    return kind == PromotionKind.AUTO_FAILOVER;
  }

  /**
   * Whether this promotion acts under {@link #epoch}: its claim succeeded, or it is a reconcile
   * (which acts under the epoch it found).
   */
  public boolean claimed() {
    return epoch > 0;
  }

  /** The step named {@code name}. */
  public Optional<StepRecord> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The first step that has not succeeded: where a run or a resume continues. */
  public Optional<StepRecord> firstUnfinished() {
    return steps.stream().filter(s -> s.status().unfinished()).findFirst();
  }

  /** The step that failed, if the promotion failed. */
  public Optional<StepRecord> failedStep() {
    return steps.stream().filter(s -> s.status() == StepStatus.FAILED).findFirst();
  }

  /** This promotion with {@code step} replacing the step of the same name. */
  public PromotionRecord withStep(StepRecord step, Instant now) {
    List<StepRecord> next = new ArrayList<>(steps);
    boolean replaced = false;
    for (int i = 0; i < next.size(); i++) {
      if (next.get(i).name().equals(step.name())) {
        next.set(i, step);
        replaced = true;
      }
    }
    if (!replaced) {
      throw new IllegalArgumentException("promotion " + id + " has no step '" + step.name() + "'");
    }
    return changed(epoch, status, next, now, revision, history);
  }

  public PromotionRecord withStatus(PromotionStatus next, Instant now) {
    return changed(epoch, next, steps, now, revision, history);
  }

  /** This promotion holding the baton at {@code claimedEpoch}. */
  public PromotionRecord withEpoch(long claimedEpoch, Instant now) {
    return changed(claimedEpoch, status, steps, now, revision, history);
  }

  /** This promotion with one more line of history. */
  public PromotionRecord withHistory(String line, Instant now) {
    List<String> next = new ArrayList<>(history);
    next.add(line);
    return changed(epoch, status, steps, now, revision, next);
  }

  /** This promotion as stored at {@code storedRevision} (set by the journal). */
  public PromotionRecord withRevision(long storedRevision) {
    return changed(epoch, status, steps, updatedAt, storedRevision, history);
  }

  /** A copy with the fields a promotion's progress changes; what was asked stays as it was. */
  private PromotionRecord changed(
      long epoch,
      PromotionStatus status,
      List<StepRecord> steps,
      Instant updatedAt,
      long revision,
      List<String> history) {
    return new PromotionRecord(
        id,
        kind,
        from,
        to,
        expectedEpoch,
        epoch,
        requestedBy,
        reason,
        decision,
        evidence,
        force,
        dryRun,
        status,
        steps,
        createdAt,
        updatedAt,
        revision,
        history);
  }
}
