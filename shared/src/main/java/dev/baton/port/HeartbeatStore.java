package dev.baton.port;

import dev.baton.domain.Heartbeat;
import dev.baton.domain.InstanceKey;
import java.time.Instant;
import java.util.List;

/** The heartbeat partitions ({@code HB#<region>}) of the table. */
public interface HeartbeatStore {

  /** The latest heartbeat of every instance of every region listed. */
  List<Heartbeat> loadFleet(List<String> regions);

  /**
   * Marks the instance's heartbeat STALE, only if its {@code seq} is still {@code seq}: a fresh
   * beat written meanwhile is never overwritten.
   *
   * @return true when marked, false when a newer beat had arrived (nothing changed)
   */
  boolean markStale(InstanceKey instance, long seq, Instant now);
}
