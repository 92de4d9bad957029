package dev.baton.agent.state;

import dev.baton.agent.store.AgentStore;
import dev.baton.agent.store.StoreUnavailableException;
import dev.baton.store.HeartbeatItems;
import dev.baton.store.MalformedItemException;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's heartbeat sequence and drain flag, kept in a {@link StateStorage} (a {@link
 * StateFile} in production) so that they survive restarts. Seqs are reserved in blocks of {@link
 * #RESERVE}: the end of the block is saved (fsync'd) before any seq in it is used, so after a crash
 * the next agent continues above every seq that may have reached the table, while the disk sees one
 * write per {@value #RESERVE} beats instead of one per beat. A restart skips the rest of its block;
 * the monitor only needs seqs to increase, not to be contiguous.
 *
 * <p>Not thread-safe; the beat thread owns it (drain requests are handed to that thread).
 */
public final class AgentState {
  private static final Logger LOG = LoggerFactory.getLogger(AgentState.class);

  /** No seq is ever used above this ({@link HeartbeatItems#MAX_SEQ}, 2^53 - 1). */
  public static final long MAX_SEQ = HeartbeatItems.MAX_SEQ;

  /** Seqs reserved per state file write. */
  static final int RESERVE = 100;

  private final StateStorage file;
  private long lastSeq;
  private long reservedUpTo;
  private boolean draining;
  private boolean saveFailing;

  AgentState(StateStorage file, long lastSeq, boolean draining) {
    this.file = file;
    this.lastSeq = lastSeq;
    this.reservedUpTo = lastSeq;
    this.draining = draining;
  }

  /**
   * Opens the state at start.
   *
   * <p>With a state file, the agent continues from it. Without one (first start, new disk, file
   * deleted or unreadable), the next seq is {@code max(stored seq + 1, now in epoch milliseconds)}:
   *
   * <ul>
   *   <li>the stored seq alone is not enough: the store may be unreachable right now (a region cut
   *       off from AWS is exactly when agents restart), and the agent must still beat;
   *   <li>the clock floor alone is safe on its own: every earlier incarnation of this instance
   *       either started from a smaller floor or from a file, and adds one per beat (at most one
   *       per few hundred milliseconds) plus at most {@value #RESERVE} per restart (systemd
   *       restarts it at most every few seconds), so its seq stays below the wall clock in
   *       milliseconds. This needs a synchronised clock, which the agent checks before it starts;
   *   <li>taking the max of both also covers a clock that was stepped back since the last run.
   * </ul>
   *
   * Whatever the start, the conditional write ({@link AgentStore#write}) refuses a seq that is not
   * above the stored one, and the agent then jumps past it ({@link #skipPast}), so even a file
   * restored from an old backup cannot move the instance backwards.
   *
   * <p>A state file or stored seq that breaks {@link HeartbeatItems#SEQ_RULE} (above {@link
   * #MAX_SEQ}, negative, not a number) is not trusted: the error names the field and the rule, and
   * the agent starts from the clock floor instead (the conditional write replaces such a stored
   * value).
   */
  public static AgentState open(
      StateStorage file, AgentStore store, String region, String instanceId, Clock clock) {
    Optional<StateFile.Saved> saved;
    try {
      saved = file.load();
    } catch (IOException e) {
      LOG.warn(
          "state file {} unreadable ({}); starting seq from the clock floor",
          file.location(),
          e.getMessage());
      saved = Optional.empty();
    }
    boolean draining = saved.isPresent() && saved.get().draining();
    if (saved.isPresent() && saved.get().seq() >= MAX_SEQ) {
      // In range, but no seq is left above it: as unusable as a seq beyond the maximum.
      LOG.warn(
          "state file {}: seq {} leaves no seq below the maximum {} (2^53 - 1); starting seq from"
              + " the clock floor",
          file.location(),
          saved.get().seq(),
          MAX_SEQ);
      saved = Optional.empty();
    }
    if (saved.isPresent()) {
      LOG.info(
          "continuing from state file {}: seqs up to {} may have been used{}",
          file.location(),
          saved.get().seq(),
          saved.get().draining() ? ", draining" : "");
      return new AgentState(file, saved.get().seq(), saved.get().draining());
    }
    long floor = clock.millis();
    OptionalLong stored = OptionalLong.empty();
    try {
      stored = store.storedSeq(region, instanceId);
    } catch (StoreUnavailableException e) {
      LOG.warn("cannot read the stored seq ({}); using the clock floor alone", e.getMessage());
    } catch (MalformedItemException e) {
      LOG.error(
          "the heartbeat item of {}/{} holds a bad seq ({}); using the clock floor alone (the next"
              + " write replaces it)",
          region,
          instanceId,
          e.getMessage());
    }
    long next = Math.max(floor, stored.isPresent() ? stored.getAsLong() + 1 : floor);
    if (next > MAX_SEQ) {
      // The table holds MAX_SEQ itself: nothing can be written above it. Start from the floor; the
      // first write is refused and reported (HeartbeatSender).
      next = floor;
    }
    LOG.info(
        "no state file at {}: next seq {} (stored {}, clock floor {})",
        file.location(),
        next,
        stored.isPresent() ? Long.toString(stored.getAsLong()) : "unknown",
        floor);
    return new AgentState(file, next - 1, draining); // nextSeq() saves the first block
  }

  /**
   * The next seq; its block is saved before it is returned.
   *
   * @throws SeqExhaustedException when the next seq would be above {@link #MAX_SEQ}
   */
  public long nextSeq() {
    if (lastSeq >= MAX_SEQ) {
      throw new SeqExhaustedException(lastSeq);
    }
    lastSeq++;
    if (lastSeq > reservedUpTo) {
      reservedUpTo = Math.min(lastSeq + RESERVE - 1, MAX_SEQ);
      save();
    }
    return lastSeq;
  }

  /**
   * The store holds {@code storedSeq}: continue above it (a new block is saved first).
   *
   * @return whether a seq above it remains ({@code storedSeq < MAX_SEQ}); when not, nothing changes
   * @throws IllegalArgumentException when {@code storedSeq} breaks {@link HeartbeatItems#SEQ_RULE}
   */
  public boolean skipPast(long storedSeq) {
    if (!HeartbeatItems.seqInRange(storedSeq)) {
      throw new IllegalArgumentException(
          "seq " + HeartbeatItems.SEQ_RULE + ", was " + storedSeq + " (the stored seq)");
    }
    if (storedSeq >= MAX_SEQ) {
      return false;
    }
    if (storedSeq > lastSeq) {
      lastSeq = storedSeq;
      reservedUpTo = Math.min(reservedUpTo, lastSeq);
    }
    return true;
  }

  public long lastSeq() {
    return lastSeq;
  }

  public boolean draining() {
    return draining;
  }

  /** Drains ({@code true}) or returns to service; saved, so a drained droplet stays drained. */
  public void draining(boolean value) {
    if (draining != value) {
      draining = value;
      save();
    }
  }

  private void save() {
    try {
      file.save(new StateFile.Saved(reservedUpTo, draining));
      if (saveFailing) {
        LOG.info("state file {} writable again", file.location());
        saveFailing = false;
      }
    } catch (IOException e) {
      // Keep beating: a missed beat is an outage to the monitor, while a seq not saved is caught
      // by the conditional write after a restart. Log once per failure spell, not every beat.
      if (!saveFailing) {
        LOG.error(
            "cannot save state file {}: {}; continuing in memory", file.location(), e.toString());
        saveFailing = true;
      }
    }
  }
}
