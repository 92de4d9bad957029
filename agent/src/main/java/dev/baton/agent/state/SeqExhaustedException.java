package dev.baton.agent.state;

import dev.baton.store.HeartbeatItems;

/**
 * No seq is left: the next one would be above {@link HeartbeatItems#MAX_SEQ}. Only a forged or
 * corrupted seq gets here (real seqs start near the clock in milliseconds, about 2^41).
 */
public final class SeqExhaustedException extends IllegalStateException {
  public SeqExhaustedException(long lastSeq) {
    super(
        "seq "
            + HeartbeatItems.SEQ_RULE
            + ": no seq is left above "
            + lastSeq
            + "; delete this instance's heartbeat item (or change its instanceId) and restart");
  }
}
