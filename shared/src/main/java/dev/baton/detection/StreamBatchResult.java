package dev.baton.detection;

import java.util.List;
import java.util.Map;

/**
 * What one stream batch did.
 *
 * @param failedSequenceNumbers records to report as batch item failures (Lambda redelivers from the
 *     first); empty when the batch is done
 * @param applied records that changed the fleet view
 * @param ignored records not applied, by cause
 * @param malformed records skipped because they cannot be read
 */
public record StreamBatchResult(
    List<String> failedSequenceNumbers,
    int applied,
    Map<IgnoredCause, Integer> ignored,
    int malformed) {
  public StreamBatchResult {
    failedSequenceNumbers = List.copyOf(failedSequenceNumbers);
    ignored = Map.copyOf(ignored);
  }

  /** Nothing to retry. */
  public boolean complete() {
    return failedSequenceNumbers.isEmpty();
  }
}
