package dev.baton.local.world;

import dev.baton.local.world.ReplicationEvent.Kind;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bookkeeping of a global table emulated over independent replicas, without I/O: the {@link
 * Replicator} feeds it the records it reads from every replica's stream and the clock ({@code now}
 * in {@link System#nanoTime()} units), asks it which copies are due, and tells it what it wrote.
 * Not thread-safe: the replicator serialises every call.
 *
 * <p>Per item it keeps the newest version seen anywhere, the version each replica holds as far as
 * the ledger knows (the last write it saw there or made there), the copies it wrote into each
 * replica whose stream record has not come back yet (its echoes), and the copies owed. A stream
 * record matching the oldest echo of that replica and item is the ledger's own write and is not
 * copied again; any other record is a local write. Every replica is owed the newest version until
 * it holds it: a copy older than what its destination holds is dropped (last writer wins), and a
 * local write found under an echo (an older replicated version overwrote it before the ledger saw
 * it) is written back at once.
 */
final class ReplicationLedger {

  /** Why a replica's paths are held; a path is held while any reason holds. */
  enum HoldReason {
    STALL,
    ISOLATION
  }

  /** A version owed to a replica; a repair when the replica is the version's origin. */
  record Copy(long id, Map<String, AttributeValue> key, ItemVersion version, String to) {
    String from() {
      return version.origin();
    }

    boolean repair() {
      return to.equals(version.origin());
    }
  }

  private record Due(long at, Copy copy) {}

  /** What the ledger knows of one item. */
  private static final class Item {
    ItemVersion newest;
    final Map<String, ItemVersion> holds = new HashMap<>();
    final Map<String, Deque<ItemVersion>> echoes = new HashMap<>();
    final Map<String, List<ItemVersion>> owed = new HashMap<>();

    Deque<ItemVersion> echoes(String region) {
      return echoes.computeIfAbsent(region, r -> new ArrayDeque<>());
    }

    List<ItemVersion> owed(String region) {
      return owed.computeIfAbsent(region, r -> new ArrayList<>());
    }
  }

  private final List<String> regions;
  private final long minDelay;
  private final long maxDelay;
  private final Random random;
  private final Map<String, Long> lags = new HashMap<>();
  private final Map<String, Set<HoldReason>> holds = new LinkedHashMap<>();
  private final Map<Map<String, AttributeValue>, Item> items = new HashMap<>();
  private final PriorityQueue<Due> scheduled =
      new PriorityQueue<>(Comparator.comparingLong(Due::at).thenComparingLong(d -> d.copy().id()));
  private final List<Copy> held = new ArrayList<>();
  private final List<ReplicationEvent> events = new ArrayList<>();
  private int inHand;
  private long nextId;

  /**
   * @param regions the replicas
   * @param minDelay the shortest default replication delay
   * @param maxDelay the longest; each copy's delay is uniformly random in between
   * @param random the source of the delays (seeded: the same records give the same delays)
   */
  ReplicationLedger(List<String> regions, Duration minDelay, Duration maxDelay, Random random) {
    this.regions = List.copyOf(regions);
    this.minDelay = minDelay.toNanos();
    this.maxDelay = maxDelay.toNanos();
    this.random = Objects.requireNonNull(random, "random");
    regions.forEach(r -> holds.put(r, EnumSet.noneOf(HoldReason.class)));
  }

  /**
   * A record read from {@code region}'s stream.
   *
   * @param newImage the item after the write, null for a REMOVE
   * @return true for a local write, false for the echo of the ledger's own copy
   */
  boolean observe(
      String region,
      Map<String, AttributeValue> key,
      Map<String, AttributeValue> newImage,
      Instant writtenAt,
      BigInteger sequence,
      long now) {
    requireKnown(region);
    Item item = items.computeIfAbsent(Map.copyOf(key), k -> new Item());
    Deque<ItemVersion> echoes = item.echoes(region);
    if (!echoes.isEmpty() && Objects.equals(echoes.peekFirst().image(), newImage)) {
      echoes.removeFirst();
      return false;
    }
    ItemVersion version = new ItemVersion(newImage, writtenAt, region, sequence);
    if (echoes.isEmpty()) {
      item.holds.put(region, version);
    }
    // else: copies written after this write overwrote it; the replica holds the last of them.
    if (version.newerThan(item.newest)) {
      item.newest = version;
    }
    owe(Map.copyOf(key), item, now);
    return true;
  }

  /** Takes the copies due at {@code now}; those whose path is held move to the backlog. */
  List<Copy> due(long now) {
    List<Copy> due = new ArrayList<>();
    while (!scheduled.isEmpty() && scheduled.peek().at() <= now) {
      Copy copy = scheduled.poll().copy();
      if (!copy.repair() && pathHeld(copy)) {
        held.add(copy);
        event(Kind.HELD, copy);
      } else {
        due.add(copy);
        inHand++;
      }
    }
    return due;
  }

  /**
   * Whether {@code copy} (from {@link #due}) is still to be written; false when its destination
   * holds a newer version, and the copy is dropped.
   */
  boolean admit(Copy copy) {
    Item item = items.get(copy.key());
    ItemVersion holding = item.holds.get(copy.to());
    if (holding != null && !copy.version().newerThan(holding)) {
      item.owed(copy.to()).remove(copy.version());
      inHand--;
      event(Kind.DROPPED_OLDER, copy);
      return false;
    }
    return true;
  }

  /**
   * {@code copy} was written into its destination.
   *
   * @param recorded whether the write made a stream record (deleting an absent item makes none)
   */
  void applied(Copy copy, boolean recorded) {
    Item item = items.get(copy.key());
    item.holds.put(copy.to(), copy.version());
    if (recorded) {
      item.echoes(copy.to()).addLast(copy.version());
    }
    item.owed(copy.to()).remove(copy.version());
    inHand--;
    event(copy.repair() ? Kind.REPAIRED : Kind.APPLIED, copy);
  }

  /** Writing {@code copy} failed; it is due again at {@code retryAt}. */
  void failed(Copy copy, long retryAt) {
    inHand--;
    scheduled.add(new Due(retryAt, copy));
  }

  /** Holds every path into and out of {@code region} for {@code reason}; true if newly held. */
  boolean hold(String region, HoldReason reason) {
    requireKnown(region);
    return holds.get(region).add(reason);
  }

  /**
   * Ends {@code reason} for {@code region}; when no reason is left, the backlog of its paths whose
   * other end is open is scheduled with the normal delay.
   *
   * @return true if the reason held
   */
  boolean release(String region, HoldReason reason, long now) {
    requireKnown(region);
    if (!holds.get(region).remove(reason)) {
      return false;
    }
    for (Iterator<Copy> it = held.iterator(); it.hasNext(); ) {
      Copy copy = it.next();
      if (!pathHeld(copy)) {
        it.remove();
        scheduled.add(new Due(now + delay(copy.from(), copy.to()), copy));
        event(Kind.RELEASED, copy);
      }
    }
    return true;
  }

  /** Every copy into or out of {@code region} scheduled from now on takes {@code lag}. */
  void lag(String region, Duration lag) {
    requireKnown(region);
    if (lag.isNegative()) {
      throw new IllegalArgumentException("lag of " + region + " must not be negative, was " + lag);
    }
    if (lag.isZero()) {
      lags.remove(region);
    } else {
      lags.put(region, lag.toNanos());
    }
  }

  /** The reasons holding {@code region}'s paths. */
  Set<HoldReason> holds(String region) {
    requireKnown(region);
    return Set.copyOf(holds.get(region));
  }

  /** Copies not yet written or dropped: scheduled, held, or being written. */
  int pending() {
    return scheduled.size() + held.size() + inHand;
  }

  /** When the next scheduled copy is due, if any. */
  OptionalLong nextDue() {
    return scheduled.isEmpty() ? OptionalLong.empty() : OptionalLong.of(scheduled.peek().at());
  }

  /** The events since the last call, oldest first. */
  List<ReplicationEvent> drainEvents() {
    List<ReplicationEvent> drained = List.copyOf(events);
    events.clear();
    return drained;
  }

  private void owe(Map<String, AttributeValue> key, Item item, long now) {
    ItemVersion newest = item.newest;
    for (String to : regions) {
      if (newest.equals(item.holds.get(to)) || item.owed(to).contains(newest)) {
        continue;
      }
      Copy copy = new Copy(nextId++, key, newest, to);
      item.owed(to).add(newest);
      if (copy.repair()) {
        scheduled.add(new Due(now, copy));
      } else if (pathHeld(copy)) {
        held.add(copy);
        event(Kind.HELD, copy);
      } else {
        scheduled.add(new Due(now + delay(copy.from(), to), copy));
      }
    }
  }

  private boolean pathHeld(Copy copy) {
    return !holds.get(copy.from()).isEmpty() || !holds.get(copy.to()).isEmpty();
  }

  /** The larger lag of the two ends when either has one, else the default random delay. */
  private long delay(String from, String to) {
    Long a = lags.get(from);
    Long b = lags.get(to);
    if (a != null || b != null) {
      return Math.max(a == null ? 0 : a, b == null ? 0 : b);
    }
    return minDelay + random.nextLong(maxDelay - minDelay + 1);
  }

  private void event(Kind kind, Copy copy) {
    ItemVersion v = copy.version();
    events.add(
        new ReplicationEvent(kind, copy.from(), copy.to(), copy.key(), v.writtenAt(), v.deleted()));
  }

  private void requireKnown(String region) {
    if (!holds.containsKey(region)) {
      throw new IllegalArgumentException(
          "unknown replica region " + region + "; the replicas are " + regions);
    }
  }
}
