package dev.baton.local.world;

import dev.baton.local.world.ReplicationLedger.Copy;
import dev.baton.local.world.ReplicationLedger.HoldReason;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB global tables (version 2019.11.21: multi-Region eventual consistency, last writer wins)
 * emulated over one moto: the same table in several AWS regions, each an independent moto table,
 * kept in step by copying every write (put, update, delete) made in one replica into the others
 * after a delay.
 *
 * <p>It reads every replica's stream directly on moto (never through an {@link AwsGateway} path)
 * and writes the copies the same way, so the replicas' streams carry the replicated writes as
 * DynamoDB's do. The stream must carry new images (NEW_IMAGE or NEW_AND_OLD_IMAGES, as the
 * template's NEW_AND_OLD_IMAGES); {@link #start()} refuses anything else, as DynamoDB does for a
 * global table. Only writes made after {@link #start()} are replicated. The replicator recognises
 * its own writes when they come back on a stream and does not copy them again. Versions are ordered
 * by the stream record's {@code ApproximateCreationDateTime} (moto gives milliseconds), then by
 * region name; a copy older than what its destination holds is dropped, and a local write that an
 * older copy overwrote before the replicator saw it is written back (see {@link
 * ReplicationLedger}). Items carry no replication attributes, as in version 2019.11.21.
 *
 * <p>Faults, callable from any thread at any time: {@link #lag}, {@link #stall}/{@link #heal},
 * {@link #isolate}/{@link #restore}. One daemon thread does all the reading and writing; the
 * listener is called on it.
 */
public final class Replicator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);
  private static final Duration SHARD_REFRESH = Duration.ofSeconds(5);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** The shortest default replication delay (global tables typically lag under a second). */
  public static final Duration DEFAULT_MIN_DELAY = Duration.ofMillis(500);

  /** The longest default replication delay. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);

  /** How often every replica's stream is read by default. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);

  private final String table;
  private final Map<String, Replica> replicas = new LinkedHashMap<>();
  private final Duration pollInterval;
  private final Consumer<ReplicationEvent> listener;
  private final Clock clock;
  private final ReplicationLedger ledger;
  private final Object lock = new Object();
  // Guarded by lock.
  private long cyclesStarted;
  private long lastQuietCycle = -1;
  private volatile boolean running;
  private Thread thread;

  private Replicator(Builder b) {
    this.table = b.table;
    this.pollInterval = b.pollInterval;
    this.listener = b.listener;
    this.clock = Clock.systemUTC();
    this.ledger = new ReplicationLedger(b.regions, b.minDelay, b.maxDelay, new Random(b.seed));
    for (String region : b.regions) {
      replicas.put(region, new Replica(region, b.endpoint));
    }
  }

  /**
   * @param endpoint moto's endpoint
   * @param table the table's name, the same in every region
   * @param regions the AWS regions holding a replica, each with the table and its stream
   */
  public static Builder builder(URI endpoint, String table, List<String> regions) {
    return new Builder(endpoint, table, regions);
  }

  /**
   * Positions every replica's stream at its end and starts replicating on a daemon thread.
   *
   * @throws IllegalStateException when a replica has no table or its stream carries no new images
   */
  public synchronized Replicator start() {
    if (thread != null) {
      throw new IllegalStateException("replicator already started");
    }
    position();
    running = true;
    thread = new Thread(this::run, "replicator-" + table);
    thread.setDaemon(true);
    thread.start();
    LOG.info("replicating {} across {}", table, replicas.keySet());
    return this;
  }

  /** The replicas' regions. */
  public List<String> regions() {
    return List.copyOf(replicas.keySet());
  }

  /**
   * Every copy into or out of {@code region} scheduled from now on takes {@code lag} (the larger
   * lag of both ends when both have one); {@link Duration#ZERO} restores the default random delay.
   */
  public void lag(String region, Duration lag) {
    Objects.requireNonNull(lag, "lag");
    synchronized (lock) {
      ledger.lag(region, lag);
    }
    LOG.info("replication lag of {}: {}", region, lag.isZero() ? "default" : lag);
  }

  /**
   * Writes made in {@code region} stay there and nothing arrives there, until {@link #heal}; reads
   * and writes in the region work as before.
   */
  public void stall(String region) {
    hold(region, HoldReason.STALL);
  }

  /** Ends a {@link #stall}: the backlog of both directions is delivered with the normal delay. */
  public void heal(String region) {
    release(region, HoldReason.STALL);
  }

  /**
   * Cuts {@code region} off for replication, as {@link #stall} does; a separate reason, so that
   * {@link #heal} does not end it and {@link #restore} does not end a stall.
   */
  public void isolate(String region) {
    hold(region, HoldReason.ISOLATION);
  }

  /** Ends an {@link #isolate}; the backlog is delivered once no stall holds the region either. */
  public void restore(String region) {
    release(region, HoldReason.ISOLATION);
  }

  /** Copies not yet delivered (or dropped as older): scheduled, held, or being written. */
  public int pending() {
    synchronized (lock) {
      return ledger.pending();
    }
  }

  /**
   * Waits until a replication round that started after this call read no new stream record, wrote
   * nothing, and left no copy pending: every write made before the call is everywhere it can go. A
   * stalled or isolated replica with a backlog keeps copies pending, so this then times out.
   *
   * @return false on timeout
   */
  public boolean awaitQuiet(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      long target = cyclesStarted + 1;
      while (lastQuietCycle < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Stops the replication thread; copies still pending are not delivered. Idempotent. */
  @Override
  public synchronized void close() {
    if (thread != null) {
      running = false;
      synchronized (lock) {
        lock.notifyAll();
      }
      try {
        thread.join(STOP_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        LOG.warn(
            "replicator of {} still running after {}; leaving its thread", table, STOP_TIMEOUT);
      }
      thread = null;
    }
    replicas.values().forEach(Replica::close);
  }

  private void hold(String region, HoldReason reason) {
    boolean changed;
    synchronized (lock) {
      changed = ledger.hold(region, reason);
    }
    LOG.info(
        "replication of {} {}: {}",
        region,
        changed ? "held" : "already held",
        reason.name().toLowerCase());
  }

  private void release(String region, HoldReason reason) {
    Set<HoldReason> left;
    boolean changed;
    synchronized (lock) {
      changed = ledger.release(region, reason, System.nanoTime());
      left = ledger.holds(region);
      lock.notifyAll();
    }
    LOG.info(
        "replication of {}: {} {}{}",
        region,
        reason.name().toLowerCase(),
        changed ? "ended" : "was not in force",
        left.isEmpty() ? "" : "; still held by " + left);
  }

  /** Positions every replica's stream at its end (package-private: tests step the replicator). */
  void position() {
    replicas.values().forEach(Replica::position);
  }

  private void run() {
    while (running) {
      long cycle;
      synchronized (lock) {
        cycle = ++cyclesStarted;
      }
      boolean quiet;
      try {
        quiet = step();
      } catch (RuntimeException e) {
        LOG.warn("replication round of {} failed; retrying: {}", table, e.toString());
        quiet = false;
      }
      synchronized (lock) {
        if (quiet && ledger.pending() == 0) {
          lastQuietCycle = cycle;
        }
        lock.notifyAll();
        if (running) {
          long wait = pollInterval.toNanos();
          var next = ledger.nextDue();
          if (next.isPresent()) {
            wait = Math.min(wait, next.getAsLong() - System.nanoTime());
          }
          if (wait > 0) {
            try {
              lock.wait(Math.max(1, wait / 1_000_000));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              running = false;
            }
          }
        }
      }
    }
  }

  /**
   * One round: reads every replica's stream, then writes the copies that are due.
   *
   * @return true when it read no record, wrote nothing and nothing failed
   */
  boolean step() {
    boolean read = readStreams();
    boolean delivered = deliverDue();
    return read && delivered;
  }

  /** Reads every replica's stream once; true when there was nothing new and nothing failed. */
  boolean readStreams() {
    boolean quiet = true;
    for (Replica replica : replicas.values()) {
      quiet &= replica.read();
    }
    return quiet;
  }

  /** Writes (or drops as older) the copies due now; true when there were none. */
  boolean deliverDue() {
    List<Copy> due;
    synchronized (lock) {
      due = ledger.due(System.nanoTime());
    }
    for (Copy copy : due) {
      boolean admitted;
      synchronized (lock) {
        admitted = ledger.admit(copy);
      }
      if (admitted) {
        write(copy);
      }
    }
    List<ReplicationEvent> events;
    synchronized (lock) {
      events = ledger.drainEvents();
    }
    events.forEach(this::tell);
    return due.isEmpty() && events.isEmpty();
  }

  private void write(Copy copy) {
    Replica to = replicas.get(copy.to());
    try {
      boolean recorded;
      if (copy.version().deleted()) {
        DeleteItemResponse response =
            to.dynamo.deleteItem(
                b -> b.tableName(table).key(copy.key()).returnValues(ReturnValue.ALL_OLD));
        // Deleting an absent item leaves no stream record, hence no echo to wait for.
        recorded = response.hasAttributes() && !response.attributes().isEmpty();
      } else {
        to.dynamo.putItem(b -> b.tableName(table).item(copy.version().image()));
        recorded = true;
      }
      synchronized (lock) {
        ledger.applied(copy, recorded);
      }
    } catch (RuntimeException e) {
      // Any failure, not only the SDK's: a copy taken from the ledger must go back to it.
      LOG.warn(
          "copying {} from {} to {} failed; retrying in {}: {}",
          copy.key(),
          copy.from(),
          copy.to(),
          RETRY_DELAY,
          e.toString());
      synchronized (lock) {
        ledger.failed(copy, System.nanoTime() + RETRY_DELAY.toNanos());
      }
    }
  }

  private void tell(ReplicationEvent event) {
    // Every copy is held and released while a region is cut: the fault itself is logged at info.
    switch (event.kind()) {
      case APPLIED, HELD, RELEASED -> LOG.debug("{}: {}", table, event.describe());
      case DROPPED_OLDER, REPAIRED -> LOG.info("{}: {}", table, event.describe());
    }
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("replication listener failed on {}: {}", event.describe(), e.toString());
    }
  }

  /** One replica: its clients and its stream's shard positions (replication thread only). */
  private final class Replica {
    final String region;
    final DynamoDbClient dynamo;
    final DynamoDbStreamsClient streams;
    final Map<String, String> iterators = new LinkedHashMap<>();
    final Map<String, String> lastRead = new LinkedHashMap<>();
    final Set<String> finished = new HashSet<>();
    String streamArn;
    long lastRefresh;

    Replica(String region, URI endpoint) {
      this.region = region;
      var credentials =
          StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
      this.dynamo =
          DynamoDbClient.builder()
              .region(Region.of(region))
              .endpointOverride(endpoint)
              .credentialsProvider(credentials)
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .build();
      this.streams =
          DynamoDbStreamsClient.builder()
              .region(Region.of(region))
              .endpointOverride(endpoint)
              .credentialsProvider(credentials)
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .build();
    }

    void position() {
      var description = dynamo.describeTable(b -> b.tableName(table)).table();
      StreamSpecification spec = description.streamSpecification();
      StreamViewType view = spec == null ? null : spec.streamViewType();
      if (description.latestStreamArn() == null
          || spec == null
          || !Boolean.TRUE.equals(spec.streamEnabled())
          || (view != StreamViewType.NEW_AND_OLD_IMAGES && view != StreamViewType.NEW_IMAGE)) {
        throw new IllegalStateException(
            "table "
                + table
                + " in "
                + region
                + " has stream view "
                + view
                + "; a global table replica needs NEW_AND_OLD_IMAGES (or NEW_IMAGE)");
      }
      streamArn = description.latestStreamArn();
      refreshShards(ShardIteratorType.LATEST);
    }

    /** Reads every shard once; true when there was nothing new and nothing failed. */
    boolean read() {
      boolean quiet = true;
      try {
        if (System.nanoTime() - lastRefresh > SHARD_REFRESH.toNanos()) {
          refreshShards(ShardIteratorType.TRIM_HORIZON);
        }
        for (String shard : List.copyOf(iterators.keySet())) {
          quiet &= readShard(shard);
        }
      } catch (SdkException e) {
        LOG.warn(
            "reading the stream of {} in {} failed; retrying: {}", table, region, e.toString());
        return false;
      }
      return quiet;
    }

    private boolean readShard(String shard) {
      GetRecordsResponse response;
      try {
        response = streams.getRecords(b -> b.shardIterator(iterators.get(shard)).limit(1000));
      } catch (ExpiredIteratorException e) {
        String after = lastRead.get(shard);
        iterators.put(
            shard,
            after == null
                ? iterator(shard, ShardIteratorType.TRIM_HORIZON, null)
                : iterator(shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, after));
        return false;
      }
      if (response.nextShardIterator() == null) {
        iterators.remove(shard);
        finished.add(shard);
      } else {
        iterators.put(shard, response.nextShardIterator());
      }
      if (!response.hasRecords() || response.records().isEmpty()) {
        return true;
      }
      long now = System.nanoTime();
      for (Record record : response.records()) {
        observe(record, now);
        lastRead.put(shard, record.dynamodb().sequenceNumber());
      }
      return false;
    }

    private void observe(Record record, long now) {
      var data = record.dynamodb();
      boolean removed = record.eventName() == OperationType.REMOVE;
      if (!removed && !data.hasNewImage()) {
        LOG.warn("{} record in {} without a new image; not replicated", record.eventName(), region);
        return;
      }
      Instant writtenAt =
          data.approximateCreationDateTime() != null
              ? data.approximateCreationDateTime()
              : clock.instant();
      synchronized (lock) {
        ledger.observe(
            region,
            data.keys(),
            removed ? null : data.newImage(),
            writtenAt,
            new BigInteger(data.sequenceNumber()),
            now);
      }
    }

    private void refreshShards(ShardIteratorType forNewShards) {
      lastRefresh = System.nanoTime();
      String after = null;
      do {
        String start = after;
        DescribeStreamResponse response =
            streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start));
        for (Shard shard : response.streamDescription().shards()) {
          String id = shard.shardId();
          if (!iterators.containsKey(id) && !finished.contains(id)) {
            iterators.put(id, iterator(id, forNewShards, null));
          }
        }
        after = response.streamDescription().lastEvaluatedShardId();
      } while (after != null);
    }

    private String iterator(String shard, ShardIteratorType type, String sequenceNumber) {
      return streams
          .getShardIterator(
              b ->
                  b.streamArn(streamArn)
                      .shardId(shard)
                      .shardIteratorType(type)
                      .sequenceNumber(sequenceNumber))
          .shardIterator();
    }

    void close() {
      dynamo.close();
      streams.close();
    }
  }

  /** Settings of a replicator; validated as they are set. */
  public static final class Builder {
    private final URI endpoint;
    private final String table;
    private final List<String> regions;
    private Duration minDelay = DEFAULT_MIN_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private long seed = 1;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Consumer<ReplicationEvent> listener = e -> {};

    private Builder(URI endpoint, String table, List<String> regions) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.table = Objects.requireNonNull(table, "table");
      if (regions.isEmpty() || new HashSet<>(regions).size() != regions.size()) {
        throw new IllegalArgumentException(
            "regions must name at least one replica, each once, were " + regions);
      }
      this.regions = new ArrayList<>(regions);
    }

    /** Each copy's default delay is uniformly random in [min, max]. */
    public Builder delay(Duration min, Duration max) {
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException(
            "delay needs 0 <= min <= max, was min " + min + ", max " + max);
      }
      this.minDelay = min;
      this.maxDelay = max;
      return this;
    }

    /** Seeds the random delays: the same writes in the same order get the same delays. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How often every replica's stream is read. */
    public Builder pollInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /** Told about every copy applied, dropped as older, held, released or repaired. */
    public Builder listener(Consumer<ReplicationEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Builds a replicator that has not started (its clients exist; nothing is read yet). */
    public Replicator build() {
      return new Replicator(this);
    }

    /** Builds and starts the replicator. */
    public Replicator start() {
      return build().start();
    }
  }
}
