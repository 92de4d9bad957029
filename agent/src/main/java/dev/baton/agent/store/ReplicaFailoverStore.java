package dev.baton.agent.store;

import dev.baton.domain.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's control table on a strongly consistent (MRSC) global table (issue 14, decision 0024):
 * three replicas, each answering with the latest write, so any of them will do. Calls go to the
 * replica in use, the nearest first; a call that fails there is made at once on the next one, in
 * the same beat, so a failed replica costs one call's timeout, far inside the fence deadline. The
 * agent stays on the replica that answered and tries the nearest again after {@code
 * preferNearestAfter}. A write the table refused (the seq condition) is an answer, not a failure.
 *
 * <p>Only for a strongly consistent table: on an eventually consistent one a replica that lags
 * would answer with an old baton (decision 0017 keeps agents on the authority there).
 */
public final class ReplicaFailoverStore implements AgentStore {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaFailoverStore.class);

  /** One replica: its AWS region and the store that reaches it. */
  public record Replica(String awsRegion, AgentStore store) {
    public Replica {
      Objects.requireNonNull(awsRegion, "awsRegion");
      Objects.requireNonNull(store, "store");
    }
  }

  private final List<Replica> replicas;
  private final Duration preferNearestAfter;
  private final LongSupplier monotonicNanos;
  private int current;
  private long awaySince;

  /**
   * @param replicas nearest first
   * @param preferNearestAfter how long to stay on another replica before trying the nearest again
   */
  public ReplicaFailoverStore(
      List<Replica> replicas, Duration preferNearestAfter, LongSupplier monotonicNanos) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("a control table needs at least one replica");
    }
    this.replicas = List.copyOf(replicas);
    this.preferNearestAfter = preferNearestAfter;
    this.monotonicNanos = monotonicNanos;
  }

  /** The AWS region of the replica in use. */
  public synchronized String inUse() {
    return replicas.get(current).awsRegion();
  }

  @Override
  public synchronized WriteOutcome write(Heartbeat beat, Instant expiresAt) {
    List<String> failures = new ArrayList<>();
    for (int tried = 0; tried < replicas.size(); tried++) {
      Replica r = next();
      WriteOutcome outcome = r.store().write(beat, expiresAt);
      if (!(outcome instanceof WriteOutcome.Failed failed)) {
        return outcome;
      }
      failures.add(r.awsRegion() + ": " + failed.reason());
      moveOn(r, failed.reason());
    }
    return new WriteOutcome.Failed("every replica failed (" + String.join("; ", failures) + ")");
  }

  @Override
  public synchronized BatonRead readBaton() {
    List<String> failures = new ArrayList<>();
    for (int tried = 0; tried < replicas.size(); tried++) {
      Replica r = next();
      BatonRead read = r.store().readBaton();
      if (!(read instanceof BatonRead.Failed failed)) {
        return read;
      }
      failures.add(r.awsRegion() + ": " + failed.reason());
      moveOn(r, failed.reason());
    }
    return new BatonRead.Failed("every replica failed (" + String.join("; ", failures) + ")");
  }

  @Override
  public synchronized OptionalLong storedSeq(String region, String instanceId) {
    StoreUnavailableException last = null;
    for (int tried = 0; tried < replicas.size(); tried++) {
      Replica r = next();
      try {
        return r.store().storedSeq(region, instanceId);
      } catch (StoreUnavailableException e) {
        last = e;
        moveOn(r, e.getMessage());
      }
    }
    throw new StoreUnavailableException("every replica failed; last: " + last.getMessage(), last);
  }

  /**
   * The replica to call: the one in use, or the nearest again once it has been away long enough.
   */
  private Replica next() {
    if (current != 0
        && Duration.ofNanos(monotonicNanos.getAsLong() - awaySince).compareTo(preferNearestAfter)
            >= 0) {
      LOG.info(
          "control table: trying the nearest replica, {}, again (on {} for {})",
          replicas.get(0).awsRegion(),
          replicas.get(current).awsRegion(),
          preferNearestAfter);
      current = 0;
    }
    return replicas.get(current);
  }

  private void moveOn(Replica failed, String reason) {
    if (replicas.size() == 1) {
      return;
    }
    current = (replicas.indexOf(failed) + 1) % replicas.size();
    awaySince = monotonicNanos.getAsLong();
    LOG.warn(
        "control table: replica {} failed ({}); switching to {}",
        failed.awsRegion(),
        reason,
        replicas.get(current).awsRegion());
  }
}
