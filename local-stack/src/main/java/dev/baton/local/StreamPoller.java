package dev.baton.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Drives a stream handler the way Lambda's DynamoDB event source mapping does, from the table's
 * real stream: every shard is read with GetRecords (a child shard after its parent), records are
 * filtered, batched (up to {@code batchSize}, or when the {@code batchingWindow} since the batch's
 * first record has passed) and delivered as a {@link DynamodbEvent}, one batch per shard at a time.
 *
 * <p>Failures as with {@code FunctionResponseTypes: [ReportBatchItemFailures]}: the records before
 * the first reported failure are checkpointed and the batch is redelivered from that record; a
 * handler exception, or a failure identifier that names no record of the batch, redelivers the
 * whole batch. After {@code maxRetryAttempts} retries the failed records are handed to {@code
 * onGiveUp} (Lambda's failure destination) and skipped. Delivery is at least once. Not modelled:
 * bisecting a batch on a function error, record age limits, parallelization factor.
 */
public final class StreamPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);
  private static final Duration SHARD_REFRESH = Duration.ofSeconds(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int READ_LIMIT = 1000;

  /** Where reading starts in the shards open at {@link #start()} (Lambda's StartingPosition). */
  public enum StartingPosition {
    LATEST,
    TRIM_HORIZON
  }

  /**
   * One invocation of the handler.
   *
   * @param shardId the shard the batch came from
   * @param sequenceNumbers the batch's records, in order
   * @param attempt 1 for a first delivery, 2 for the first retry, ...
   * @param failedItems the batch item failures the handler reported
   * @param handlerError the handler's exception message, or null when it returned
   */
  public record Delivery(
      String shardId,
      List<String> sequenceNumbers,
      int attempt,
      List<String> failedItems,
      String handlerError) {}

  private final DynamoDbStreamsClient streams;
  private final String streamArn;
  private final Function<DynamodbEvent, StreamsEventResponse> handler;
  private final int batchSize;
  private final Duration batchingWindow;
  private final Duration pollInterval;
  private final Duration retryDelay;
  private final int maxRetryAttempts;
  private final StartingPosition startingPosition;
  private final Predicate<DynamodbStreamRecord> filter;
  private final UnaryOperator<List<DynamodbStreamRecord>> rewriter;
  private final Consumer<Delivery> onDelivery;
  private final Consumer<List<DynamodbStreamRecord>> onGiveUp;

  private final Map<String, ShardCursor> shards = new LinkedHashMap<>();
  private final Object lock = new Object();
  private long cyclesStarted;
  private long lastDrainedCycle = -1;
  private long lastShardRefresh;
  private volatile boolean running;
  // Written under lock: paused stops the loop between shards and cycles; inCycle (read under lock)
  // tells pause() to wait for the cycle in progress.
  private volatile boolean paused;
  private boolean inCycle;
  private Thread thread;

  private StreamPoller(Builder b) {
    this.streams = b.streams;
    this.streamArn = b.streamArn;
    this.handler = b.handler;
    this.batchSize = b.batchSize;
    this.batchingWindow = b.batchingWindow;
    this.pollInterval = b.pollInterval;
    this.retryDelay = b.retryDelay;
    this.maxRetryAttempts = b.maxRetryAttempts;
    this.startingPosition = b.startingPosition;
    this.filter = b.filter;
    this.rewriter = b.rewriter;
    this.onDelivery = b.onDelivery;
    this.onGiveUp = b.onGiveUp;
  }

  /**
   * @param handler called as Lambda calls the function, e.g. {@code e -> handler.handleRequest(e,
   *     context)}
   */
  public static Builder builder(
      DynamoDbStreamsClient streams,
      String streamArn,
      Function<DynamodbEvent, StreamsEventResponse> handler) {
    return new Builder(streams, streamArn, handler);
  }

  /**
   * Positions every open shard (so with LATEST, records written after this call are delivered) and
   * starts polling on a daemon thread.
   */
  public synchronized StreamPoller start() {
    if (thread != null) {
      throw new IllegalStateException("stream poller already started");
    }
    refreshShards(true);
    running = true;
    thread = new Thread(this::run, "stream-poller");
    thread.setDaemon(true);
    thread.start();
    LOG.info(
        "polling {} ({} shards, from {}, batch {} / window {})",
        streamArn,
        shards.size(),
        startingPosition,
        batchSize,
        batchingWindow);
    return this;
  }

  /** Stops polling after the delivery in progress, if any, and waits for the thread to end. */
  public synchronized void stop() {
    if (thread == null) {
      return;
    }
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
      LOG.warn("stream poller still delivering after {}; leaving its daemon thread", STOP_TIMEOUT);
    }
    thread = null;
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Stops polling as Lambda's event source mapping stops when the AWS region running it is cut off:
   * no stream calls and no handler invocations until {@link #resume()}. Returns once the polling
   * cycle in progress, if any, has ended (at once when called from the handler). Records read but
   * not yet delivered are kept, and the shard positions too.
   */
  public void pause() {
    synchronized (lock) {
      if (paused) {
        return;
      }
      paused = true;
      LOG.info("pausing the poller of {}", streamArn);
      while (inCycle && Thread.currentThread() != thread) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while pausing the stream poller", e);
        }
      }
    }
  }

  /**
   * Continues polling from where {@link #pause()} stopped it; records still in the stream follow.
   */
  public void resume() {
    synchronized (lock) {
      if (!paused) {
        return;
      }
      paused = false;
      LOG.info("resuming the poller of {}", streamArn);
      lock.notifyAll();
    }
  }

  /** Whether the poller is paused. */
  public boolean isPaused() {
    return paused;
  }

  /** Whether {@code record} is a heartbeat item's: the template's filter, key {@code pk} HB#. */
  public static boolean isHeartbeat(DynamodbStreamRecord record) {
    if (record.getDynamodb() == null || record.getDynamodb().getKeys() == null) {
      return false;
    }
    var pk = record.getDynamodb().getKeys().get("pk");
    return pk != null && pk.getS() != null && pk.getS().startsWith("HB#");
  }

  /**
   * Waits until a polling cycle that started after this call found no new record and nothing left
   * to deliver: everything written before the call has been handled (or given up on). A paused
   * poller runs no cycle, so this waits for it to be resumed.
   *
   * @return false on timeout
   */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      long target = cyclesStarted + 1;
      while (lastDrainedCycle < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private void run() {
    while (running) {
      long cycle;
      synchronized (lock) {
        while (paused && running) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
          }
        }
        if (!running) {
          break;
        }
        cycle = ++cyclesStarted;
        inCycle = true;
      }
      boolean busy = false;
      try {
        if (System.nanoTime() - lastShardRefresh > SHARD_REFRESH.toNanos()) {
          refreshShards(false);
        }
        busy = pollOnce();
      } catch (RuntimeException e) {
        LOG.warn("stream poll failed; retrying: {}", e.toString());
      }
      synchronized (lock) {
        inCycle = false;
        if (!busy && shards.values().stream().allMatch(s -> s.pending.isEmpty())) {
          lastDrainedCycle = cycle;
        }
        lock.notifyAll();
        if (running && !busy && !paused) {
          try {
            lock.wait(pollInterval.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
          }
        }
      }
    }
  }

  /** One round over the shards; true when records were read or delivered. */
  private boolean pollOnce() {
    boolean busy = false;
    for (ShardCursor shard : List.copyOf(shards.values())) {
      if (paused) {
        // Paused from the handler: the rest of the round waits for resume().
        return true;
      }
      ShardCursor parent = shard.parentId == null ? null : shards.get(shard.parentId);
      if (parent != null && !parent.finished()) {
        continue;
      }
      if (shard.iterator != null && shard.pending.size() < batchSize) {
        busy |= read(shard);
      }
      if (due(shard)) {
        deliver(shard);
        busy = true;
      }
    }
    return busy;
  }

  private boolean read(ShardCursor shard) {
    GetRecordsResponse response;
    try {
      response = streams.getRecords(b -> b.shardIterator(shard.iterator).limit(READ_LIMIT));
    } catch (ExpiredIteratorException e) {
      shard.iterator =
          shard.lastRead == null
              ? iterator(shard.id, ShardIteratorType.TRIM_HORIZON, null)
              : iterator(shard.id, ShardIteratorType.AFTER_SEQUENCE_NUMBER, shard.lastRead);
      return false;
    } catch (SdkException e) {
      LOG.warn("GetRecords on {} failed; retrying next poll: {}", shard.id, e.getMessage());
      return false;
    }
    shard.iterator = response.nextShardIterator();
    if (!response.hasRecords() || response.records().isEmpty()) {
      return false;
    }
    List<DynamodbStreamRecord> page = new ArrayList<>();
    response.records().forEach(r -> page.add(LambdaStreamRecords.toLambda(r, streamArn)));
    shard.lastRead = page.get(page.size() - 1).getDynamodb().getSequenceNumber();
    for (DynamodbStreamRecord record : rewriter.apply(page)) {
      if (filter.test(record)) {
        if (shard.pending.isEmpty()) {
          shard.headReadAt = System.nanoTime();
        }
        shard.pending.add(record);
      }
    }
    return true;
  }

  private boolean due(ShardCursor shard) {
    if (shard.pending.isEmpty()) {
      return false;
    }
    long now = System.nanoTime();
    if (shard.attempts > 0) {
      return now >= shard.retryAt;
    }
    return shard.pending.size() >= batchSize
        || shard.iterator == null
        || now - shard.headReadAt >= batchingWindow.toNanos();
  }

  private void deliver(ShardCursor shard) {
    List<DynamodbStreamRecord> batch =
        List.copyOf(shard.pending.subList(0, Math.min(batchSize, shard.pending.size())));
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(new ArrayList<>(batch));
    int attempt = shard.attempts + 1;
    StreamsEventResponse response = null;
    String error = null;
    try {
      response = handler.apply(event);
    } catch (RuntimeException e) {
      error = e.toString();
      LOG.warn("handler failed on a batch of {} from {}: {}", batch.size(), shard.id, error);
    }
    List<String> failed = failedItems(response);
    onDelivery.accept(new Delivery(shard.id, sequenceNumbers(batch), attempt, failed, error));

    int firstFailed = error != null ? 0 : firstFailed(batch, failed);
    if (firstFailed < 0) {
      shard.pending.subList(0, batch.size()).clear();
      shard.attempts = 0;
      shard.headReadAt = System.nanoTime();
      return;
    }
    shard.pending.subList(0, firstFailed).clear();
    shard.attempts = firstFailed > 0 ? 1 : shard.attempts + 1;
    if (maxRetryAttempts >= 0 && shard.attempts > maxRetryAttempts) {
      List<DynamodbStreamRecord> dropped =
          List.copyOf(shard.pending.subList(0, batch.size() - firstFailed));
      shard.pending.subList(0, dropped.size()).clear();
      shard.attempts = 0;
      shard.headReadAt = System.nanoTime();
      LOG.warn(
          "giving up on {} records of {} after {} retries",
          dropped.size(),
          shard.id,
          maxRetryAttempts);
      onGiveUp.accept(dropped);
      return;
    }
    shard.retryAt = System.nanoTime() + retryDelay.toNanos();
  }

  /** The position of the first failed record, -1 when none, 0 when an identifier is unknown. */
  private static int firstFailed(List<DynamodbStreamRecord> batch, List<String> failed) {
    if (failed.isEmpty()) {
      return -1;
    }
    List<String> sequences = sequenceNumbers(batch);
    int first = Integer.MAX_VALUE;
    for (String id : failed) {
      int at = id == null ? -1 : sequences.indexOf(id);
      if (at < 0) {
        return 0;
      }
      first = Math.min(first, at);
    }
    return first;
  }

  private static List<String> failedItems(StreamsEventResponse response) {
    if (response == null || response.getBatchItemFailures() == null) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    response.getBatchItemFailures().forEach(f -> ids.add(f.getItemIdentifier()));
    return ids;
  }

  private static List<String> sequenceNumbers(List<DynamodbStreamRecord> batch) {
    return batch.stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
  }

  private void refreshShards(boolean initial) {
    lastShardRefresh = System.nanoTime();
    String after = null;
    Set<String> seen = new HashSet<>();
    do {
      String start = after;
      DescribeStreamResponse response =
          streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start));
      for (Shard shard : response.streamDescription().shards()) {
        seen.add(shard.shardId());
        if (!shards.containsKey(shard.shardId())) {
          ShardIteratorType type =
              initial && startingPosition == StartingPosition.LATEST
                  ? ShardIteratorType.LATEST
                  : ShardIteratorType.TRIM_HORIZON;
          shards.put(
              shard.shardId(),
              new ShardCursor(
                  shard.shardId(), shard.parentShardId(), iterator(shard.shardId(), type, null)));
        }
      }
      after = response.streamDescription().lastEvaluatedShardId();
    } while (after != null);
    // Shards trimmed from the stream and fully handled are forgotten.
    shards.values().removeIf(s -> !seen.contains(s.id) && s.finished());
  }

  private String iterator(String shardId, ShardIteratorType type, String sequenceNumber) {
    return streams
        .getShardIterator(
            b ->
                b.streamArn(streamArn)
                    .shardId(shardId)
                    .shardIteratorType(type)
                    .sequenceNumber(sequenceNumber))
        .shardIterator();
  }

  /** Reading and delivery state of one shard; touched by the polling thread only. */
  private static final class ShardCursor {
    final String id;
    final String parentId;
    final List<DynamodbStreamRecord> pending = new ArrayList<>();
    String iterator;
    String lastRead;
    long headReadAt;
    int attempts;
    long retryAt;

    ShardCursor(String id, String parentId, String iterator) {
      this.id = id;
      this.parentId = parentId;
      this.iterator = iterator;
    }

    boolean finished() {
      return iterator == null && pending.isEmpty();
    }
  }

  /** The template's {@code MaximumBatchingWindowInSeconds}: the default batching window. */
  public static final Duration TEMPLATE_BATCHING_WINDOW = Duration.ofSeconds(1);

  /** How often Lambda polls an idle shard (four times a second): the default poll interval. */
  public static final Duration LAMBDA_POLL_INTERVAL = Duration.ofMillis(250);

  /** Settings of a poller; defaults follow the template's event source mapping. */
  public static final class Builder {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Function<DynamodbEvent, StreamsEventResponse> handler;
    private int batchSize = 100;
    private Duration batchingWindow = TEMPLATE_BATCHING_WINDOW;
    private Duration pollInterval = LAMBDA_POLL_INTERVAL;
    private Duration retryDelay = Duration.ofMillis(100);
    private int maxRetryAttempts = 2;
    private StartingPosition startingPosition = StartingPosition.LATEST;
    private Predicate<DynamodbStreamRecord> filter = r -> true;
    private UnaryOperator<List<DynamodbStreamRecord>> rewriter = page -> page;
    private Consumer<Delivery> onDelivery = d -> {};
    private Consumer<List<DynamodbStreamRecord>> onGiveUp = records -> {};

    private Builder(
        DynamoDbStreamsClient streams,
        String streamArn,
        Function<DynamodbEvent, StreamsEventResponse> handler) {
      this.streams = Objects.requireNonNull(streams, "streams");
      this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** At most this many records per invocation (Lambda: 1 to 10,000). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batchSize must be 1 to 10000, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** How long to gather records after the first of a batch (0: deliver at once). */
    public Builder batchingWindow(Duration window) {
      if (window.isNegative()) {
        throw new IllegalArgumentException("batchingWindow must not be negative, was " + window);
      }
      this.batchingWindow = window;
      return this;
    }

    /** How often an idle shard is polled (Lambda: four times a second). */
    public Builder pollInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /** The pause before a failed batch is delivered again. */
    public Builder retryDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("retryDelay must not be negative, was " + delay);
      }
      this.retryDelay = delay;
      return this;
    }

    /** Retries before failed records are given up on; -1 retries until they succeed. */
    public Builder maxRetryAttempts(int attempts) {
      if (attempts < -1) {
        throw new IllegalArgumentException("maxRetryAttempts must be >= -1, was " + attempts);
      }
      this.maxRetryAttempts = attempts;
      return this;
    }

    public Builder startingPosition(StartingPosition position) {
      this.startingPosition = Objects.requireNonNull(position, "position");
      return this;
    }

    /** Only records matching {@code filter} are delivered (Lambda's FilterCriteria). */
    public Builder filter(Predicate<DynamodbStreamRecord> filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** The template's filter: only records whose key {@code pk} starts with {@code HB#}. */
    public Builder heartbeatsOnly() {
      return filter(StreamPoller::isHeartbeat);
    }

    /**
     * Fault injection: sees every page of records read from a shard and returns what the poller
     * reads instead (records duplicated, reordered, or injected as Lambda could deliver them, e.g.
     * TTL deletions, which moto never emits). Applied before the filter.
     */
    public Builder rewriteReads(UnaryOperator<List<DynamodbStreamRecord>> rewriter) {
      this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
      return this;
    }

    /** Told about every invocation, after it returns. */
    public Builder onDelivery(Consumer<Delivery> listener) {
      this.onDelivery = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Receives the records given up on (Lambda's on-failure destination). */
    public Builder onGiveUp(Consumer<List<DynamodbStreamRecord>> destination) {
      this.onGiveUp = Objects.requireNonNull(destination, "destination");
      return this;
    }

    public StreamPoller build() {
      return new StreamPoller(this);
    }

    /** Builds and starts the poller. */
    public StreamPoller start() {
      return build().start();
    }
  }
}
