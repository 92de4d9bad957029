package dev.baton.agent.store;

import dev.baton.domain.Baton;
import dev.baton.domain.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the agent needs from the table: write its own heartbeat, read the baton. Failures are
 * outcomes, not exceptions, because an unreachable store is an expected state the agent acts on (it
 * fences).
 */
public interface AgentStore {

  /**
   * Writes {@code beat} only if its {@code seq} is higher than the stored one, so an agent can
   * never move its instance's history backwards.
   */
  WriteOutcome write(Heartbeat beat, Instant expiresAt);

  /** Reads the baton, strongly consistent. */
  BatonRead readBaton();

  /**
   * The {@code seq} stored for this instance, empty when it has no item.
   *
   * @throws StoreUnavailableException when the store cannot be reached
   */
  OptionalLong storedSeq(String region, String instanceId);

  /** The result of a heartbeat write. */
  sealed interface WriteOutcome {
    /** Written. */
    record Written() implements WriteOutcome {}

    /**
     * Not written: the stored item already has a seq >= the beat's: {@code storedSeq}, or empty
     * when the store did not say which (the agent's IAM policy may not allow reading heartbeats).
     */
    record SeqBehind(OptionalLong storedSeq) implements WriteOutcome {}

    /** Not written: the store did not answer or refused (reason says which). */
    record Failed(String reason) implements WriteOutcome {}
  }

  /** The result of reading the baton. */
  sealed interface BatonRead {
    /**
     * Read; empty when no baton has been placed yet.
     *
     * @param authorityTime the authority's time in its answer, or null when it gave none
     * @param resolution the resolution of {@code authorityTime} (1 s for an HTTP Date header)
     * @param fenceDeadline the fence deadline the monitor publishes on the baton item, or null when
     *     it publishes none (or an unreadable one, which the store reports)
     * @param outsideTargets the other regions' public health URLs the monitor publishes on the
     *     baton item (all regions, this one included), or the problem with that attribute
     */
    record Found(
        Optional<Baton> baton,
        Instant authorityTime,
        Duration resolution,
        Duration fenceDeadline,
        OutsideTargets outsideTargets)
        implements BatonRead {
      public Found {
        outsideTargets = outsideTargets == null ? OutsideTargets.NONE : outsideTargets;
      }

      public Found(Optional<Baton> baton) {
        this(baton, null, Duration.ZERO, null, OutsideTargets.NONE);
      }

      public Found(Optional<Baton> baton, Instant authorityTime, Duration resolution) {
        this(baton, authorityTime, resolution, null, OutsideTargets.NONE);
      }

      public Found(
          Optional<Baton> baton,
          Instant authorityTime,
          Duration resolution,
          Duration fenceDeadline) {
        this(baton, authorityTime, resolution, fenceDeadline, OutsideTargets.NONE);
      }
    }

    /** Not read (reason says why). */
    record Failed(String reason) implements BatonRead {}
  }
}
