package dev.baton.sim.aws;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.baton.sim.Observations;
import dev.baton.sim.store.ReplicatedTable;
import dev.baton.sim.store.StreamEntry;
import dev.baton.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Lambda's event source mapping on the home replica's stream (template.yaml {@code
 * HeartbeatStreamMapping}): polls a few times a second, gathers up to {@code batchSize} records for
 * at most {@code batchingWindow}, invokes the function with one batch at a time per shard, and
 * honours {@code ReportBatchItemFailures} by delivering again from the first failed record. A batch
 * whose function fails (or reports failures) more than {@code maxRetryAttempts} times is given up
 * (on AWS: sent to the failure queue) and the shard moves on. With {@code duplicateChance} a batch
 * is delivered twice, as streams are at least once.
 *
 * <p><b>Shards.</b> The stream starts as one shard. With {@code shardSplitEvery} set, DynamoDB
 * splits it under the seed (about every {@code shardSplitEvery}, uniformly between half and one and
 * a half of it): every open shard closes at that instant and is replaced by two children that share
 * its key range (beyond {@link #MAX_OPEN_SHARDS} open shards, a shard rolls over to one child). A
 * record goes to the open shard whose range holds its partition key's hash, so one item's records
 * are in one shard at a time. As on AWS, a child shard is read only once its parent has been read
 * to its end, and each shard has one batch in flight, so one item's records reach the function in
 * order; children are read side by side (on one poll, in an order drawn from the seed). Not
 * modelled: bisecting a failing batch, the function's own duration (an invocation takes no virtual
 * time).
 */
public final class StreamEventSourceMapping {
  /** Partition keys hash into {@code [0, KEY_SPACE)}; a shard owns a half-open range of it. */
  static final int KEY_SPACE = 1 << 16;

  /**
   * Open shards at most: a small table has few partitions, so beyond this a closing shard rolls
   * over to one child instead of splitting in two.
   */
  static final int MAX_OPEN_SHARDS = 4;

  /**
   * @param batchSize {@code BatchSize}
   * @param batchingWindow {@code MaximumBatchingWindowInSeconds}
   * @param pollInterval how often Lambda reads the shard (about four times a second)
   * @param maxRetryAttempts {@code MaximumRetryAttempts}
   * @param maxRecordAge {@code MaximumRecordAgeInSeconds}: older records are skipped
   * @param duplicateChance the chance that a delivered batch is delivered once more
   * @param shardSplitEvery how often, on average, the stream's shards split; null: never
   */
  public record Settings(
      int batchSize,
      Duration batchingWindow,
      Duration pollInterval,
      int maxRetryAttempts,
      Duration maxRecordAge,
      double duplicateChance,
      Duration shardSplitEvery) {
    /** As template.yaml deploys it, without duplicates or shard splits. */
    public static final Settings TEMPLATE =
        new Settings(
            100, Duration.ofSeconds(1), Duration.ofMillis(250), 2, Duration.ofSeconds(120), 0);

    public Settings {
      if (shardSplitEvery != null && (shardSplitEvery.isNegative() || shardSplitEvery.isZero())) {
        throw new IllegalArgumentException(
            "shardSplitEvery must be positive or null, was " + shardSplitEvery);
      }
    }

    /** Without shard splits. */
    public Settings(
        int batchSize,
        Duration batchingWindow,
        Duration pollInterval,
        int maxRetryAttempts,
        Duration maxRecordAge,
        double duplicateChance) {
      this(
          batchSize,
          batchingWindow,
          pollInterval,
          maxRetryAttempts,
          maxRecordAge,
          duplicateChance,
          null);
    }

    public Settings withDuplicateChance(double chance) {
      return new Settings(
          batchSize,
          batchingWindow,
          pollInterval,
          maxRetryAttempts,
          maxRecordAge,
          chance,
          shardSplitEvery);
    }

    /** Shards split about every {@code every} (null: never). */
    public Settings withShardSplits(Duration every) {
      return new Settings(
          batchSize,
          batchingWindow,
          pollInterval,
          maxRetryAttempts,
          maxRecordAge,
          duplicateChance,
          every);
    }
  }

  /** One shard: its records in stream order, what has been delivered, its one batch's retries. */
  private static final class Shard {
    final long id;
    Shard parent;
    final int from;
    final int to;
    final List<StreamEntry> records = new ArrayList<>();
    int position;
    boolean closed;
    Instant gatheringSince;
    int attempts;

    Shard(long id, Shard parent, int from, int to) {
      this.id = id;
      this.parent = parent;
      this.from = from;
      this.to = to;
    }

    boolean owns(int hash) {
      return hash >= from && hash < to;
    }

    boolean finished() {
      return closed && position >= records.size();
    }

    boolean readable() {
      return parent == null || parent.finished();
    }
  }

  private final ReplicatedTable table;
  private final String region;
  private final Function<DynamodbEvent, StreamsEventResponse> function;
  private final VirtualScheduler scheduler;
  private final RandomGenerator random;
  private final Settings settings;
  private final Observations observations;

  /** Shards not yet read to their end, parents before their children. */
  private final List<Shard> shards = new ArrayList<>();

  /** How much of the replica's stream has been put into shards. */
  private int routed;

  private long shardIds;
  private SplittableRandom splitRandom;
  private boolean enabled = true;
  private ScheduledFuture<?> poller;
  private long batches;
  private long records;
  private long duplicates;
  private long givenUp;
  private long splits;
  private long parallelPolls;

  public StreamEventSourceMapping(
      ReplicatedTable table,
      String region,
      Function<DynamodbEvent, StreamsEventResponse> function,
      VirtualScheduler scheduler,
      RandomGenerator random,
      Settings settings,
      Observations observations) {
    this.table = Objects.requireNonNull(table, "table");
    this.region = Objects.requireNonNull(region, "region");
    this.function = Objects.requireNonNull(function, "function");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.observations = Objects.requireNonNull(observations, "observations");
  }

  /** Starts polling at the stream's end ({@code StartingPosition: LATEST}). */
  public void start(Duration phase) {
    routed = table.stream(region).size();
    shards.add(new Shard(shardIds++, null, 0, KEY_SPACE));
    long period = settings.pollInterval().toNanos();
    poller =
        scheduler.scheduleAtFixedRate(this::poll, phase.toNanos(), period, TimeUnit.NANOSECONDS);
    if (settings.shardSplitEvery() != null) {
      // Its own source, so a run without splits draws exactly what it drew before they existed.
      splitRandom = new SplittableRandom(random.nextLong());
      scheduleSplit();
    }
  }

  /** Disables or re-enables the mapping (records wait on the stream meanwhile). */
  public void enabled(boolean on) {
    enabled = on;
  }

  public void stop() {
    if (poller != null) {
      poller.cancel(false);
    }
  }

  public long batchesDelivered() {
    return batches;
  }

  public long recordsDelivered() {
    return records;
  }

  public long duplicateBatches() {
    return duplicates;
  }

  public long batchesGivenUp() {
    return givenUp;
  }

  /** How many times the stream's shards split. */
  public long shardSplits() {
    return splits;
  }

  /** Polls that delivered batches of more than one shard (children read side by side). */
  public long parallelPolls() {
    return parallelPolls;
  }

  /** Shards not yet read to their end (open ones included). */
  public int shardsLeft() {
    return shards.size();
  }

  /** Records on the stream not yet delivered successfully. */
  public int backlog() {
    int left = table.stream(region).size() - routed;
    for (Shard shard : shards) {
      left += shard.records.size() - shard.position;
    }
    return left;
  }

  /** Splits every open shard now (DynamoDB does it on its own; {@code shardSplitEvery}). */
  public void splitShards() {
    route();
    List<Shard> open = shards.stream().filter(s -> !s.closed).toList();
    for (Shard shard : open) {
      shard.closed = true;
      int width = shard.to - shard.from;
      if (width >= 2 && open.size() < MAX_OPEN_SHARDS) {
        int middle = shard.from + width / 2;
        shards.add(new Shard(shardIds++, shard, shard.from, middle));
        shards.add(new Shard(shardIds++, shard, middle, shard.to));
      } else {
        shards.add(new Shard(shardIds++, shard, shard.from, shard.to));
      }
    }
    splits++;
    dropFinished();
    observations.note(
        "stream", region, open.size() + " shards closed and split; " + shards.size() + " left");
  }

  private void scheduleSplit() {
    long every = settings.shardSplitEvery().toNanos();
    long delay = every / 2 + splitRandom.nextLong(every + 1);
    scheduler.schedule(
        () -> {
          splitShards();
          scheduleSplit();
        },
        delay,
        TimeUnit.NANOSECONDS);
  }

  /** Puts the records written since the last look into the open shards. */
  private void route() {
    List<StreamEntry> stream = table.stream(region);
    if (routed >= stream.size()) {
      return;
    }
    if (shards.size() == 1) {
      Shard only = shards.get(0);
      only.records.addAll(stream.subList(routed, stream.size()));
      routed = stream.size();
      return;
    }
    for (; routed < stream.size(); routed++) {
      StreamEntry entry = stream.get(routed);
      int hash = hash(entry.key().pk());
      for (Shard shard : shards) {
        if (!shard.closed && shard.owns(hash)) {
          shard.records.add(entry);
          break;
        }
      }
    }
  }

  /** Where a partition key falls in the key space (String.hashCode is fixed by the JLS). */
  static int hash(String partitionKey) {
    int h = partitionKey.hashCode() * 0x9E3779B1;
    return (h ^ (h >>> 16)) & (KEY_SPACE - 1);
  }

  private void poll() {
    // An isolated region's functions stop; so does reading its stream.
    if (!enabled || table.holds(region).contains(ReplicatedTable.Hold.ISOLATION)) {
      return;
    }
    route();
    Instant now = scheduler.clock().instant();
    int n = shards.size();
    if (n == 1) {
      poll(shards.get(0), now);
      return;
    }
    // Shards read side by side have no order between them: start at one the seed picks.
    int first = splitRandom == null ? 0 : splitRandom.nextInt(n);
    int delivered = 0;
    List<Shard> now0 = List.copyOf(shards);
    for (int i = 0; i < n; i++) {
      Shard shard = now0.get((first + i) % n);
      if (shard.readable() && poll(shard, now)) {
        delivered++;
      }
    }
    if (delivered > 1) {
      parallelPolls++;
    }
    dropFinished();
  }

  /** Once a closed shard is read to its end, its children no longer wait for it. */
  private void dropFinished() {
    for (Shard shard : shards) {
      if (shard.parent != null && shard.parent.finished()) {
        shard.parent = null;
      }
    }
    shards.removeIf(s -> s.finished() && shards.stream().noneMatch(c -> c.parent == s));
  }

  /** One poll of one shard; true when it delivered a batch. */
  private boolean poll(Shard shard, Instant now) {
    skipExpired(shard, now);
    int available = shard.records.size() - shard.position;
    if (available <= 0) {
      shard.gatheringSince = null;
      return false;
    }
    if (shard.gatheringSince == null) {
      shard.gatheringSince = now;
    }
    if (available < settings.batchSize()
        && !shard.closed
        && Duration.between(shard.gatheringSince, now).compareTo(settings.batchingWindow()) < 0) {
      return false;
    }
    shard.gatheringSince = null;
    int end = shard.position + Math.min(available, settings.batchSize());
    List<StreamEntry> batch = List.copyOf(shard.records.subList(shard.position, end));
    deliver(shard, batch);
    if (shard.attempts == 0
        && settings.duplicateChance() > 0
        && random.nextDouble() < settings.duplicateChance()) {
      duplicates++;
      observations.note("stream", region, "batch of " + batch.size() + " delivered again");
      invoke(batch);
    }
    compact(shard);
    return true;
  }

  /** Forgets delivered records now and then, so a long run does not keep them all. */
  private static void compact(Shard shard) {
    if (shard.position >= 4096) {
      shard.records.subList(0, shard.position).clear();
      shard.position = 0;
    }
  }

  private void skipExpired(Shard shard, Instant now) {
    int skipped = 0;
    List<StreamEntry> stream = shard.records;
    while (shard.position < stream.size()
        && Duration.between(stream.get(shard.position).createdAt(), now)
                .compareTo(settings.maxRecordAge())
            > 0) {
      shard.position++;
      skipped++;
    }
    if (skipped > 0) {
      observations.note("stream", region, skipped + " records older than maxRecordAge skipped");
    }
  }

  /** Delivers one batch; true when the function took all of it. */
  private boolean deliver(Shard shard, List<StreamEntry> batch) {
    StreamsEventResponse response;
    try {
      response = invoke(batch);
    } catch (RuntimeException e) {
      retryOrGiveUp(shard, batch, 0, "the function failed: " + e);
      return false;
    }
    List<StreamsEventResponse.BatchItemFailure> failures =
        response == null || response.getBatchItemFailures() == null
            ? List.of()
            : response.getBatchItemFailures();
    if (failures.isEmpty()) {
      shard.position += batch.size();
      shard.attempts = 0;
      return true;
    }
    int first = batch.size();
    for (StreamsEventResponse.BatchItemFailure failure : failures) {
      for (int i = 0; i < batch.size(); i++) {
        if (StreamRecords.sequenceNumber(batch.get(i).sequenceNumber())
            .equals(failure.getItemIdentifier())) {
          first = Math.min(first, i);
        }
      }
    }
    if (first == batch.size()) {
      // An identifier that is not in the batch: Lambda treats the whole batch as failed.
      first = 0;
    }
    retryOrGiveUp(shard, batch, first, "batch item failure from record " + first);
    return false;
  }

  private void retryOrGiveUp(Shard shard, List<StreamEntry> batch, int firstFailed, String why) {
    shard.attempts++;
    if (shard.attempts > settings.maxRetryAttempts()) {
      givenUp++;
      shard.position += batch.size();
      shard.attempts = 0;
      observations.note(
          "stream",
          region,
          "gave up on a batch of " + batch.size() + " after retries (" + why + ")");
      return;
    }
    shard.position += firstFailed;
  }

  private StreamsEventResponse invoke(List<StreamEntry> batch) {
    batches++;
    records += batch.size();
    return function.apply(StreamRecords.event(batch, region));
  }
}
