package dev.baton.agent;

import dev.baton.agent.state.AgentState;
import dev.baton.agent.state.SeqExhaustedException;
import dev.baton.agent.store.AgentStore;
import dev.baton.agent.store.AgentStore.WriteOutcome;
import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.OutsideProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this instance's heartbeats: takes the next seq from the durable state, writes with the seq
 * condition, and when the table already holds a higher seq, continues above it and writes once
 * more. Adds a {@code store} check describing the previous write to each beat.
 */
final class HeartbeatSender {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

  private final String region;
  private final String instanceId;
  private final String agentVersion;
  private final Duration ttl;
  private final AgentStore store;
  private final AgentState state;
  private final Clock clock;
  private final LongSupplier monotonicNanos;
  private Check lastWrite;
  private long heldEpoch;
  private String heldRole;
  private Instant upUntil;
  private Map<String, OutsideProbe> outside = Map.of();

  HeartbeatSender(
      String region,
      String instanceId,
      String agentVersion,
      Duration ttl,
      AgentStore store,
      AgentState state,
      Clock clock,
      LongSupplier monotonicNanos) {
    this.region = region;
    this.instanceId = instanceId;
    this.agentVersion = agentVersion;
    this.ttl = ttl;
    this.store = store;
    this.state = state;
    this.clock = clock;
    this.monotonicNanos = monotonicNanos;
  }

  /** The outcome of {@link #send}: what was sent and whether it landed. */
  record Sent(Heartbeat beat, WriteOutcome outcome) {
    boolean written() {
      return outcome instanceof WriteOutcome.Written;
    }
  }

  /**
   * Writes one beat acknowledging {@code heldEpoch} and {@code heldRole} (the role this agent holds
   * as it sends: the grant waits on these), carrying {@code outside}, this agent's probes of other
   * regions' public health URLs (empty: none).
   */
  Sent send(
      HeartbeatStatus status,
      Map<String, Check> checks,
      long heldEpoch,
      String heldRole,
      Instant upUntil,
      Map<String, OutsideProbe> outside) {
    this.heldEpoch = heldEpoch;
    this.heldRole = heldRole;
    this.upUntil = upUntil;
    this.outside = outside;
    try {
      return send(status, checks);
    } finally {
      this.upUntil = null;
      this.outside = Map.of();
    }
  }

  Sent send(HeartbeatStatus status, Map<String, Check> checks) {
    Map<String, Check> all = new LinkedHashMap<>(checks);
    if (lastWrite != null) {
      all.put("store", lastWrite);
    }
    long started = monotonicNanos.getAsLong();
    Heartbeat beat;
    WriteOutcome outcome;
    try {
      beat = beat(status, all, state.nextSeq());
      outcome = store.write(beat, expiry(beat));
      if (outcome instanceof WriteOutcome.SeqBehind behind) {
        // Unknown stored seq: the clock floor is above every seq written before (AgentState.open).
        long stored = behind.storedSeq().orElse(Math.max(beat.seq(), clock.millis() - 1));
        if (state.skipPast(stored)) {
          LOG.warn(
              "seq {} refused: the table holds seq {} for {}/{} (the state file is behind, or"
                  + " another agent uses this instanceId); continuing above {}",
              beat.seq(),
              behind.storedSeq().isPresent() ? Long.toString(stored) : "(not readable)",
              region,
              instanceId,
              stored);
          beat = beat(status, all, state.nextSeq());
          outcome = store.write(beat, expiry(beat));
        } else {
          outcome = exhausted(new SeqExhaustedException(stored));
        }
      }
    } catch (SeqExhaustedException e) {
      beat = beat(status, all, state.lastSeq());
      outcome = exhausted(e);
    }
    long took = Duration.ofNanos(monotonicNanos.getAsLong() - started).toMillis();
    lastWrite = describe(outcome, beat.seq(), took);
    return new Sent(beat, outcome);
  }

  /** No seq is left to write: a failed beat every time, logged as an error naming the rule. */
  private WriteOutcome exhausted(SeqExhaustedException e) {
    LOG.error("heartbeat of {}/{} not written: {}", region, instanceId, e.getMessage());
    return new WriteOutcome.Failed(e.getMessage());
  }

  private static Check describe(WriteOutcome outcome, long seq, long tookMillis) {
    if (outcome instanceof WriteOutcome.SeqBehind behind) {
      return new Check(
          false,
          tookMillis,
          "seq refused again: table holds "
              + (behind.storedSeq().isPresent() ? behind.storedSeq().getAsLong() : "a higher seq"));
    }
    if (outcome instanceof WriteOutcome.Failed failed) {
      return new Check(false, tookMillis, failed.reason());
    }
    return new Check(true, tookMillis, "wrote seq " + seq);
  }

  private Heartbeat beat(HeartbeatStatus status, Map<String, Check> checks, long seq) {
    Instant sentAt = clock.instant();
    // A clock corrected backwards since the probe must not put upUntil after sentAt.
    Instant until = upUntil == null || !upUntil.isAfter(sentAt) ? upUntil : sentAt;
    return new Heartbeat(
        region,
        instanceId,
        status,
        seq,
        sentAt,
        checks,
        agentVersion,
        null,
        heldEpoch,
        heldRole,
        status.countsAsUp() ? null : until,
        outside);
  }

  private Instant expiry(Heartbeat beat) {
    return beat.sentAt().plus(ttl);
  }
}
