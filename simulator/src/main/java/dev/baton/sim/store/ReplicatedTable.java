package dev.baton.sim.store;

import dev.baton.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;

/**
 * A DynamoDB global table (multi-Region eventual consistency, last writer wins) in memory and in
 * virtual time: one map per replica (AWS region); a write made in one replica is copied into every
 * other after a seeded random delay ({@link #DEFAULT_MIN_DELAY} to {@link #DEFAULT_MAX_DELAY}); a
 * copy older than what its destination holds is dropped (last writer wins, by write time); each
 * replica's stream carries its own writes and the copies it receives.
 *
 * <p>Conditions are evaluated in the replica written, against its item, atomically there and
 * nowhere else: as in DynamoDB, two replicas may both accept conflicting conditional writes, and
 * the later one wins everywhere once both are replicated.
 *
 * <p>Faults: {@link #lag}, {@link #stall}/{@link #heal}, {@link #isolate}/{@link #restore} (a
 * separate reason: healing a stall does not end an isolation, and the other way round), {@link
 * #throttle}, and {@link #cut}/{@link #mend} of the path from one caller site (e.g. {@code
 * do:nyc1}, {@code aws:us-east-2}) to one replica. Calls that fail throw the AWS SDK's own
 * exceptions, so the port implementations translate them as the production adapters do.
 *
 * <p>Single-threaded, as everything in the simulation: driven by the {@link VirtualScheduler}.
 */
public final class ReplicatedTable {
  /** The shortest default replication delay (global tables typically lag under a second). */
  public static final Duration DEFAULT_MIN_DELAY = Duration.ofMillis(500);

  /** The longest default replication delay. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);

  /** Why a replica does not replicate. */
  public enum Hold {
    STALL,
    ISOLATION
  }

  private final VirtualScheduler scheduler;
  private final RandomGenerator random;
  private final Duration minDelay;
  private final Duration maxDelay;
  private final Map<String, Replica> replicas = new LinkedHashMap<>();
  private final Map<String, Duration> lags = new HashMap<>();
  private final Map<String, Set<Hold>> holds = new HashMap<>();
  private final Map<String, Double> throttles = new HashMap<>();
  private final Map<String, Double> readThrottles = new HashMap<>();
  private final Map<ItemKey, Race> beforeWrite = new HashMap<>();
  private final Set<Path> cuts = new HashSet<>();
  private final List<Copy> backlog = new ArrayList<>();
  private long writes;
  private boolean strong;
  private Duration conflictWindow = Duration.ZERO;
  private final Map<ItemKey, LastWrite> lastWrites = new HashMap<>();
  private int inFlight;
  private int droppedOlder;

  /**
   * @param regions the AWS regions holding a replica
   * @param random the replication delays and throttling draws
   */
  public ReplicatedTable(
      List<String> regions,
      VirtualScheduler scheduler,
      RandomGenerator random,
      Duration minDelay,
      Duration maxDelay) {
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("a table needs at least one replica");
    }
    if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
      throw new IllegalArgumentException(
          "replication delays: need 0 <= min <= max, were " + minDelay + " and " + maxDelay);
    }
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.random = Objects.requireNonNull(random, "random");
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    regions.forEach(r -> replicas.put(r, new Replica(r)));
  }

  public ReplicatedTable(List<String> regions, VirtualScheduler scheduler, RandomGenerator random) {
    this(regions, scheduler, random, DEFAULT_MIN_DELAY, DEFAULT_MAX_DELAY);
  }

  public List<String> regions() {
    return List.copyOf(replicas.keySet());
  }

  /**
   * Makes the table strongly consistent, as DynamoDB multi-Region strong consistency (MRSC) is
   * (issue 14): one linearizable copy, every write applied to every replica (and its stream) at
   * once, an isolated region's calls failing, and a write to an item that another region wrote less
   * than {@code conflictWindow} before failing with {@code ReplicatedWriteConflictException}
   * (retryable), as concurrent writes from two regions do. Replication lags and stalls do not
   * apply.
   */
  public ReplicatedTable stronglyConsistent(Duration conflictWindow) {
    this.strong = true;
    this.conflictWindow = conflictWindow;
    return this;
  }

  /** Whether the table is strongly consistent (MRSC). */
  public boolean strong() {
    return strong;
  }

  // ---- data calls, as a caller at `site` makes them ------------------------------------------

  /** GetItem in {@code region} (every replica read is consistent within the replica). */
  public Optional<Map<String, AttributeValue>> get(String site, String region, ItemKey key) {
    Replica replica = reach(site, region, true);
    Stored stored = replica.items.get(key);
    return stored == null || stored.image == null ? Optional.empty() : Optional.of(stored.image);
  }

  /** Query of one partition in {@code region}, in sort key order. */
  public List<Map<String, AttributeValue>> query(String site, String region, String pk) {
    Replica replica = reach(site, region, true);
    List<Map<String, AttributeValue>> found = new ArrayList<>();
    for (Map.Entry<ItemKey, Stored> e :
        replica
            .items
            .subMap(new ItemKey(pk, ""), true, new ItemKey(pk, "\uffff"), true)
            .entrySet()) {
      if (e.getValue().image != null) {
        found.add(e.getValue().image);
      }
    }
    return found;
  }

  /**
   * A conditional write in {@code region}: {@code condition} sees the stored item (an empty map
   * when there is none, as DynamoDB's {@code attribute_not_exists} does); {@code change} makes the
   * new item from it, or null to delete it.
   *
   * @return the item as stored afterwards (null when deleted)
   * @throws ConditionalCheckFailedException carrying the stored item (ALL_OLD)
   */
  public Map<String, AttributeValue> write(
      String site,
      String region,
      ItemKey key,
      Predicate<Map<String, AttributeValue>> condition,
      UnaryOperator<Map<String, AttributeValue>> change) {
    Replica replica = reach(site, region, false);
    Race race = beforeWrite.get(key);
    if (race != null) {
      Stored seen = replica.items.get(key);
      Map<String, AttributeValue> was = seen == null || seen.image == null ? Map.of() : seen.image;
      if (race.which().test(was, change.apply(was))) {
        beforeWrite.remove(key);
        // Another caller's write lands between this caller's read and its conditional write.
        race.run().run();
      }
    }
    if (strong) {
      LastWrite last = lastWrites.get(key);
      if (last != null
          && !last.region().equals(region)
          && Duration.between(last.at(), now()).compareTo(conflictWindow) < 0) {
        throw ReplicatedWriteConflictException.builder()
            .message(
                "Transaction conflict: "
                    + last.region()
                    + " wrote the item "
                    + Duration.between(last.at(), now()).toMillis()
                    + " ms ago (simulated)")
            .statusCode(400)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("ReplicatedWriteConflictException")
                    .serviceName("DynamoDb")
                    .build())
            .build();
      }
    }
    Stored before = replica.items.get(key);
    Map<String, AttributeValue> old =
        before == null || before.image == null ? Map.of() : before.image;
    if (!condition.test(old)) {
      throw ConditionalCheckFailedException.builder()
          .message("The conditional request failed")
          .item(old)
          .statusCode(400)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("ConditionalCheckFailedException")
                  .serviceName("DynamoDb")
                  .build())
          .build();
    }
    Map<String, AttributeValue> changed = change.apply(old);
    Map<String, AttributeValue> next = changed == null ? null : Map.copyOf(changed);
    if (next != null && !ItemKey.of(next).equals(key)) {
      throw new IllegalArgumentException("a write must keep the item's key " + key);
    }
    Version version = new Version(++writes, now(), region);
    if (strong) {
      lastWrites.put(key, new LastWrite(region, now()));
      for (Replica every : replicas.values()) {
        every.apply(key, next, version);
      }
      return next;
    }
    replica.apply(key, next, version);
    for (Replica other : replicas.values()) {
      if (other != replica) {
        send(new Copy(key, next, version, region, other.region));
      }
    }
    return next;
  }

  /** An unconditional PutItem. */
  public void put(String site, String region, Map<String, AttributeValue> item) {
    write(site, region, ItemKey.of(item), old -> true, old -> Map.copyOf(item));
  }

  /** A DeleteItem. */
  public void delete(String site, String region, ItemKey key) {
    write(site, region, key, old -> true, old -> null);
  }

  // ---- observation (no faults apply: the simulation looks, nobody calls) ---------------------

  /** The item as {@code region}'s replica holds it now. */
  public Optional<Map<String, AttributeValue>> peek(String region, ItemKey key) {
    Stored stored = replica(region).items.get(key);
    return stored == null || stored.image == null ? Optional.empty() : Optional.of(stored.image);
  }

  /**
   * The items of {@code region}'s replica whose partition key starts with {@code prefix}, in key
   * order (a range of the sorted replica: no scan of the heartbeats).
   */
  public Map<ItemKey, Map<String, AttributeValue>> itemsWithPrefix(String region, String prefix) {
    Map<ItemKey, Map<String, AttributeValue>> found = new LinkedHashMap<>();
    replica(region)
        .items
        .subMap(new ItemKey(prefix, ""), true, new ItemKey(prefix + "\uffff", ""), false)
        .forEach(
            (k, v) -> {
              if (v.image != null) {
                found.put(k, v.image);
              }
            });
    return found;
  }

  /** Every item {@code region}'s replica holds, in key order. */
  public Map<ItemKey, Map<String, AttributeValue>> items(String region) {
    Map<ItemKey, Map<String, AttributeValue>> all = new LinkedHashMap<>();
    replica(region)
        .items
        .forEach(
            (k, v) -> {
              if (v.image != null) {
                all.put(k, v.image);
              }
            });
    return all;
  }

  /** {@code region}'s stream so far (a read-only view). */
  public List<StreamEntry> stream(String region) {
    return Collections.unmodifiableList(replica(region).stream);
  }

  /** Copies not yet applied: in flight or held back by a stall or an isolation. */
  public int pendingCopies() {
    return inFlight + backlog.size();
  }

  /** Copies held back by a stall or an isolation. */
  public int heldCopies() {
    return backlog.size();
  }

  /** Copies dropped because their destination held a newer write (last writer wins). */
  public int droppedOlder() {
    return droppedOlder;
  }

  // ---- faults --------------------------------------------------------------------------------

  /**
   * Every copy into or out of {@code region} sent from now on takes {@code lag} (the larger lag of
   * both ends when both have one); {@link Duration#ZERO} restores the default random delay.
   */
  public void lag(String region, Duration lag) {
    replica(region);
    if (lag.isNegative()) {
      throw new IllegalArgumentException("lag must not be negative, was " + lag);
    }
    if (lag.isZero()) {
      lags.remove(region);
    } else {
      lags.put(region, lag);
    }
  }

  /** Writes made in {@code region} stay there and nothing arrives there, until {@link #heal}. */
  public void stall(String region) {
    hold(region, Hold.STALL);
  }

  /** Ends a {@link #stall}: the backlog of both directions is sent with the normal delay. */
  public void heal(String region) {
    release(region, Hold.STALL);
  }

  /**
   * Cuts {@code region} off: nothing replicates into or out of it and no caller reaches it (its own
   * functions included), until {@link #restore}.
   */
  public void isolate(String region) {
    hold(region, Hold.ISOLATION);
  }

  /** Ends an {@link #isolate}; the backlog is sent once no stall holds the region either. */
  public void restore(String region) {
    release(region, Hold.ISOLATION);
  }

  /** Why {@code region} does not replicate now (empty when it does). */
  public Set<Hold> holds(String region) {
    Set<Hold> h = holds.get(region);
    return h == null || h.isEmpty() ? Set.of() : EnumSet.copyOf(h);
  }

  /**
   * Runs {@code race} once, inside the next conditional write to {@code key} that {@code which}
   * picks (given the item before and the item the write would make), before its condition is
   * checked: how a test makes another caller's write land between a read and the write that depends
   * on it (a freeze racing a claim). The race's own writes go through as usual.
   */
  public void beforeNextWrite(
      ItemKey key,
      java.util.function.BiPredicate<Map<String, AttributeValue>, Map<String, AttributeValue>>
          which,
      Runnable race) {
    beforeWrite.put(key, new Race(which, race));
  }

  /** A write that waits for the next write to its item that {@code which} picks (old, new). */
  private record Race(
      java.util.function.BiPredicate<Map<String, AttributeValue>, Map<String, AttributeValue>>
          which,
      Runnable run) {}

  /** This fraction of calls to {@code region} fail as throttled (after the SDK's own retries). */
  public void throttle(String region, double fraction) {
    throttle(region, fraction, false);
  }

  /**
   * This fraction of calls to {@code region} fail as throttled (after the SDK's own retries); with
   * {@code readsOnly}, only reads (GetItem, Query): DynamoDB limits reads and writes separately,
   * and a hot item read by every agent (the baton) can throttle reads alone. 0 ends it.
   */
  public void throttle(String region, double fraction, boolean readsOnly) {
    replica(region);
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("throttle fraction must be in [0, 1], was " + fraction);
    }
    if (fraction == 0) {
      throttles.remove(region);
      readThrottles.remove(region);
    } else if (readsOnly) {
      throttles.remove(region);
      readThrottles.put(region, fraction);
    } else {
      readThrottles.remove(region);
      throttles.put(region, fraction);
    }
  }

  /** Calls from {@code site} to {@code region} time out, until {@link #mend}. */
  public void cut(String site, String region) {
    replica(region);
    cuts.add(new Path(site, region));
  }

  /** Ends a {@link #cut}. */
  public void mend(String site, String region) {
    cuts.remove(new Path(site, region));
  }

  // ---- inside --------------------------------------------------------------------------------

  private Replica reach(String site, String region, boolean read) {
    Replica replica = replica(region);
    if (holds(region).contains(Hold.ISOLATION)) {
      throw unreachable(region, region + " is isolated");
    }
    if (cuts.contains(new Path(site, region))) {
      throw unreachable(region, "the path " + site + " -> " + region + " is cut");
    }
    Double fraction =
        read ? readThrottles.getOrDefault(region, throttles.get(region)) : throttles.get(region);
    if (fraction != null && random.nextDouble() < fraction) {
      throw ProvisionedThroughputExceededException.builder()
          .message(
              "The level of configured provisioned throughput for the table was exceeded"
                  + " (simulated throttle of "
                  + region
                  + ")")
          .statusCode(400)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("ProvisionedThroughputExceededException")
                  .serviceName("DynamoDb")
                  .build())
          .build();
    }
    return replica;
  }

  private static SdkClientException unreachable(String region, String why) {
    return SdkClientException.create(
        "Unable to execute HTTP request: Connect to dynamodb."
            + region
            + ".amazonaws.com:443 failed: connect timed out (simulated: "
            + why
            + ")");
  }

  private Replica replica(String region) {
    Replica replica = replicas.get(region);
    if (replica == null) {
      throw new IllegalArgumentException(
          "no replica in " + region + "; replicas: " + replicas.keySet());
    }
    return replica;
  }

  /** The true (virtual) time. */
  public Instant now() {
    return scheduler.clock().instant();
  }

  private boolean held(String region) {
    return !holds(region).isEmpty();
  }

  private void hold(String region, Hold reason) {
    replica(region);
    holds.computeIfAbsent(region, r -> EnumSet.noneOf(Hold.class)).add(reason);
  }

  private void release(String region, Hold reason) {
    replica(region);
    Set<Hold> h = holds.get(region);
    if (h != null) {
      h.remove(reason);
    }
    for (Iterator<Copy> it = backlog.iterator(); it.hasNext(); ) {
      Copy copy = it.next();
      if (!held(copy.from) && !held(copy.to)) {
        it.remove();
        send(copy);
      }
    }
  }

  private void send(Copy copy) {
    inFlight++;
    scheduler.schedule(
        () -> arrive(copy), delay(copy.from, copy.to).toNanos(), TimeUnit.NANOSECONDS);
  }

  private void arrive(Copy copy) {
    inFlight--;
    if (held(copy.from) || held(copy.to)) {
      backlog.add(copy);
      return;
    }
    Replica to = replicas.get(copy.to);
    Stored held = to.items.get(copy.key);
    if (held != null && held.version.order >= copy.version.order) {
      droppedOlder++;
      return;
    }
    to.apply(copy.key, copy.image, copy.version);
  }

  private Duration delay(String from, String to) {
    Duration a = lags.get(from);
    Duration b = lags.get(to);
    if (a != null || b != null) {
      return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }
    long spread = maxDelay.toMillis() - minDelay.toMillis();
    return minDelay.plusMillis(spread == 0 ? 0 : random.nextLong(spread + 1));
  }

  /** A write's place in the one order of all writes (last writer wins), and where it was made. */
  private record Version(long order, Instant writtenAt, String origin) {}

  private record Stored(Map<String, AttributeValue> image, Version version) {}

  private record Copy(
      ItemKey key, Map<String, AttributeValue> image, Version version, String from, String to) {}

  private record Path(String site, String region) {}

  private record LastWrite(String region, Instant at) {}

  /** One replica: its items (deleted ones kept as tombstones with their version) and stream. */
  private final class Replica {
    final String region;
    final TreeMap<ItemKey, Stored> items = new TreeMap<>();
    final List<StreamEntry> stream = new ArrayList<>();
    long nextSequence = 1;

    Replica(String region) {
      this.region = region;
    }

    void apply(ItemKey key, Map<String, AttributeValue> image, Version version) {
      Stored before = items.put(key, new Stored(image, version));
      Map<String, AttributeValue> old = before == null ? null : before.image;
      if (old == null && image == null) {
        return; // deleting an absent item leaves no stream record
      }
      String event =
          image == null
              ? StreamEntry.REMOVE
              : old == null ? StreamEntry.INSERT : StreamEntry.MODIFY;
      stream.add(new StreamEntry(nextSequence++, event, key, image, old, now(), version.origin()));
    }
  }
}
