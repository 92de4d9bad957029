package dev.baton.detection;

/**
 * What one sweep did.
 *
 * @param summary the evaluation's one-line summary
 * @param markedStale beats marked STALE
 * @param overtaken stale beats not marked because a newer beat arrived first
 * @param instances instances in view
 */
public record SweepReport(String summary, int markedStale, int overtaken, int instances) {}
