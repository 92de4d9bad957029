package dev.baton.cli.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing that moved the baton or its mode, or a request Baton refused to act on: a line of
 * {@code baton history}.
 *
 * @param at when it was decided
 * @param kind failover, failback, switchover, freeze, unfreeze, resume or placed
 * @param from the region that held the baton, or null
 * @param to the region that receives it, or null
 * @param epoch the epoch the baton got, or null when none (not claimed, a mode change)
 * @param requestedBy who asked ({@code baton:<function>} for the detectors)
 * @param reason why, in one sentence: the detector's or the operator's words; for a refused
 *     request, why Baton did not act
 * @param status SUCCEEDED, FAILED, RUNNING or SUPERSEDED for a promotion; DONE for a mode change;
 *     NOT-ACTING for a refused request
 * @param failedStep the step a failed promotion stopped at, or null
 * @param failure what that step said, or null
 * @param promotionId the promotion's id ({@code baton resume <id>}), or null
 * @param decision the rules' sentence on why the promotion or mode change could proceed, or null
 * @param evidence the detector's evidence (automatic failovers)
 */
public record HistoryEntry(
    Instant at,
    String kind,
    String from,
    String to,
    Long epoch,
    String requestedBy,
    String reason,
    String status,
    String failedStep,
    String failure,
    String promotionId,
    String decision,
    List<String> evidence) {

  public HistoryEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    requestedBy = requestedBy == null ? "" : requestedBy;
    reason = reason == null ? "" : reason;
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }
}
