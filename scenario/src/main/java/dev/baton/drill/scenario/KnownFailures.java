package dev.baton.drill.scenario;

import java.util.Map;

/**
 * What today's Baton is known not to meet, with the issue that fixes it: shipped scenarios whose
 * expectations are what a user wants, and invariants the simulator finds broken. Both runners'
 * tests skip these with a notice (so the list is visible and CI stays green) and report them; the
 * issue's work removes its entries.
 */
public final class KnownFailures {
  /** Shipped scenarios, by file name. */
  public static final Map<String, String> SCENARIOS =
      Map.of(
          "replication-stall.yaml",
          "issue 13 (handover protocol): split brain while the active region's replica stalls",
          "switchover-lag.yaml",
          "issue 13 (handover protocol): both regions active while the old one hears the claim"
              + " late",
          "ingress-cut.yaml",
          "issue 15 (outside-in health): a region users cannot reach is never failed over");

  /** Invariants, by name. */
  public static final Map<String, String> INVARIANTS =
      Map.of(
          "superseded-by-newer-epoch",
          "issue 13 (handover protocol), finding 4: a failed baton read during the saga (throttling,"
              + " a timeout) is taken as superseded, so the promotion ends SUPERSEDED with no newer"
              + " epoch, no alarm and no resume",
          "split-brain",
          "issue 13 (handover protocol): agents read the baton from their nearest replica, so one"
              + " that cannot hear the claim (stalled, partitioned) stays active",
          "single-active",
          "issue 13 (handover protocol): the claim and the traffic shift happen at once, so the"
              + " old region stays active until its next beat reads the new baton, and a stalled"
              + " replica keeps it active indefinitely");

  private KnownFailures() {}
}
