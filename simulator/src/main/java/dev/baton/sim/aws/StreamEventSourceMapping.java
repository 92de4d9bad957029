package dev.baton.sim.aws;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.baton.sim.Observations;
import dev.baton.sim.store.ReplicatedTable;
import dev.baton.sim.store.StreamEntry;
import dev.baton.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Lambda's event source mapping on the home replica's stream (template.yaml {@code
 * HeartbeatStreamMapping}), one shard: polls a few times a second, gathers up to {@code batchSize}
 * records for at most {@code batchingWindow}, invokes the function with one batch at a time, and
 * honours {@code ReportBatchItemFailures} by delivering again from the first failed record. A batch
 * whose function fails (or reports failures) more than {@code maxRetryAttempts} times is given up
 * (on AWS: sent to the failure queue) and the shard moves on. With {@code duplicateChance} a batch
 * is delivered twice, as streams are at least once. Not modelled: bisecting a failing batch, shard
 * splits, the function's own duration (an invocation takes no virtual time).
 */
public final class StreamEventSourceMapping {

  /**
   * @param batchSize {@code BatchSize}
   * @param batchingWindow {@code MaximumBatchingWindowInSeconds}
   * @param pollInterval how often Lambda reads the shard (about four times a second)
   * @param maxRetryAttempts {@code MaximumRetryAttempts}
   * @param maxRecordAge {@code MaximumRecordAgeInSeconds}: older records are skipped
   * @param duplicateChance the chance that a delivered batch is delivered once more
   */
  public record Settings(
      int batchSize,
      Duration batchingWindow,
      Duration pollInterval,
      int maxRetryAttempts,
      Duration maxRecordAge,
      double duplicateChance) {
    /** As template.yaml deploys it, without duplicates. */
    public static final Settings TEMPLATE =
        new Settings(
            100, Duration.ofSeconds(1), Duration.ofMillis(250), 2, Duration.ofSeconds(120), 0);

    public Settings withDuplicateChance(double chance) {
      return new Settings(
          batchSize, batchingWindow, pollInterval, maxRetryAttempts, maxRecordAge, chance);
    }
  }

  private final ReplicatedTable table;
  private final String region;
  private final Function<DynamodbEvent, StreamsEventResponse> function;
  private final VirtualScheduler scheduler;
  private final RandomGenerator random;
  private final Settings settings;
  private final Observations observations;
  private int position;
  private Instant gatheringSince;
  private int attempts;
  private boolean enabled = true;
  private ScheduledFuture<?> poller;
  private long batches;
  private long records;
  private long duplicates;
  private long givenUp;

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
    position = table.stream(region).size();
    long period = settings.pollInterval().toNanos();
    poller =
        scheduler.scheduleAtFixedRate(this::poll, phase.toNanos(), period, TimeUnit.NANOSECONDS);
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

  /** Records on the stream not yet delivered successfully. */
  public int backlog() {
    return table.stream(region).size() - position;
  }

  private void poll() {
    // An isolated region's functions stop; so does reading its stream.
    if (!enabled || table.holds(region).contains(ReplicatedTable.Hold.ISOLATION)) {
      return;
    }
    List<StreamEntry> stream = table.stream(region);
    Instant now = scheduler.clock().instant();
    skipExpired(stream, now);
    int available = stream.size() - position;
    if (available <= 0) {
      gatheringSince = null;
      return;
    }
    if (gatheringSince == null) {
      gatheringSince = now;
    }
    if (available < settings.batchSize()
        && Duration.between(gatheringSince, now).compareTo(settings.batchingWindow()) < 0) {
      return;
    }
    gatheringSince = null;
    int end = position + Math.min(available, settings.batchSize());
    List<StreamEntry> batch = List.copyOf(stream.subList(position, end));
    deliver(batch);
    if (attempts == 0
        && settings.duplicateChance() > 0
        && random.nextDouble() < settings.duplicateChance()) {
      duplicates++;
      observations.note("stream", region, "batch of " + batch.size() + " delivered again");
      invoke(batch);
    }
  }

  private void skipExpired(List<StreamEntry> stream, Instant now) {
    int skipped = 0;
    while (position < stream.size()
        && Duration.between(stream.get(position).createdAt(), now)
                .compareTo(settings.maxRecordAge())
            > 0) {
      position++;
      skipped++;
    }
    if (skipped > 0) {
      observations.note("stream", region, skipped + " records older than maxRecordAge skipped");
    }
  }

  /** Delivers one batch; true when the function took all of it. */
  private boolean deliver(List<StreamEntry> batch) {
    StreamsEventResponse response;
    try {
      response = invoke(batch);
    } catch (RuntimeException e) {
      retryOrGiveUp(batch, 0, "the function failed: " + e);
      return false;
    }
    List<StreamsEventResponse.BatchItemFailure> failures =
        response == null || response.getBatchItemFailures() == null
            ? List.of()
            : response.getBatchItemFailures();
    if (failures.isEmpty()) {
      position += batch.size();
      attempts = 0;
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
    retryOrGiveUp(batch, first, "batch item failure from record " + first);
    return false;
  }

  private void retryOrGiveUp(List<StreamEntry> batch, int firstFailed, String why) {
    attempts++;
    if (attempts > settings.maxRetryAttempts()) {
      givenUp++;
      position += batch.size();
      attempts = 0;
      observations.note(
          "stream",
          region,
          "gave up on a batch of " + batch.size() + " after retries (" + why + ")");
      return;
    }
    position += firstFailed;
  }

  private StreamsEventResponse invoke(List<StreamEntry> batch) {
    batches++;
    records += batch.size();
    return function.apply(StreamRecords.event(batch, region));
  }
}
