package dev.baton.agent.support;

import dev.baton.agent.store.AgentStore;
import dev.baton.domain.Baton;
import dev.baton.domain.Heartbeat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** An in-memory {@link AgentStore} with the same seq rule as the table, and an off switch. */
public final class FakeAgentStore implements AgentStore {
  private final List<Heartbeat> written = new ArrayList<>();
  private volatile boolean reachable = true;
  private volatile Baton baton;
  private long storedSeq = -1;
  private volatile boolean hideStoredSeq;

  public synchronized void reachable(boolean value) {
    reachable = value;
  }

  public synchronized void baton(Baton value) {
    baton = value;
  }

  /** Pretends another writer (or an older agent run) stored {@code seq}. */
  public synchronized void storedSeq(long seq) {
    storedSeq = seq;
  }

  /** Refusals do not say the stored seq, as with an IAM policy that forbids reading it. */
  public void hideStoredSeq() {
    hideStoredSeq = true;
  }

  public synchronized List<Heartbeat> written() {
    return List.copyOf(written);
  }

  public synchronized Heartbeat last() {
    return written.get(written.size() - 1);
  }

  @Override
  public synchronized WriteOutcome write(Heartbeat beat, Instant expiresAt) {
    if (!reachable) {
      return new WriteOutcome.Failed("PutItem failed: connection refused");
    }
    if (beat.seq() <= storedSeq) {
      return new WriteOutcome.SeqBehind(
          hideStoredSeq ? OptionalLong.empty() : OptionalLong.of(storedSeq));
    }
    storedSeq = beat.seq();
    written.add(beat);
    return new WriteOutcome.Written();
  }

  @Override
  public synchronized BatonRead readBaton() {
    if (!reachable) {
      return new BatonRead.Failed("GetItem failed: connection refused");
    }
    return new BatonRead.Found(
        Optional.ofNullable(baton), null, java.time.Duration.ZERO, fenceDeadline, outsideTargets);
  }

  private java.time.Duration fenceDeadline;
  private dev.baton.agent.store.OutsideTargets outsideTargets =
      dev.baton.agent.store.OutsideTargets.NONE;

  /** The outside targets (or the problem with them) the baton item carries. */
  public synchronized void outsideTargets(dev.baton.agent.store.OutsideTargets value) {
    outsideTargets = value;
  }

  /** The fence deadline the monitor publishes on the baton item (null: none). */
  public synchronized void fenceDeadline(java.time.Duration value) {
    fenceDeadline = value;
  }

  @Override
  public synchronized OptionalLong storedSeq(String region, String instanceId) {
    if (!reachable) {
      throw new dev.baton.agent.store.StoreUnavailableException("connection refused", null);
    }
    return storedSeq < 0 ? OptionalLong.empty() : OptionalLong.of(storedSeq);
  }
}
