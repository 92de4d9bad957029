package dev.baton.testing;

import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.store.HeartbeatItems;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An agent in a test: writes its instance's heartbeat to the table with the SDK every interval, as
 * the real agent does (one PutItem, seq + 1 each beat), with a status the test sets. {@link
 * #silence()} stops it as a dead droplet would.
 */
public final class BeatingAgent implements AutoCloseable {
  private final DynamoDbClient dynamo;
  private final String table;
  private final String region;
  private final String instanceId;
  private final Clock clock;
  private final AtomicReference<HeartbeatStatus> status =
      new AtomicReference<>(HeartbeatStatus.HEALTHY);
  private final AtomicReference<Heartbeat> last = new AtomicReference<>();
  private final ScheduledExecutorService executor;

  private BeatingAgent(
      DynamoDbClient dynamo,
      String table,
      String region,
      String instanceId,
      Clock clock,
      Duration interval,
      HeartbeatStatus initial) {
    this.status.set(initial);
    this.dynamo = dynamo;
    this.table = table;
    this.region = region;
    this.instanceId = instanceId;
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "agent-" + instanceId);
              t.setDaemon(true);
              return t;
            });
    executor.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts beating at once, then every {@code interval}. */
  public static BeatingAgent start(
      DynamoDbClient dynamo, String table, String region, String instanceId, Duration interval) {
    return start(dynamo, table, region, instanceId, interval, HeartbeatStatus.HEALTHY);
  }

  /** Starts beating at once with {@code initial}, then every {@code interval}. */
  public static BeatingAgent start(
      DynamoDbClient dynamo,
      String table,
      String region,
      String instanceId,
      Duration interval,
      HeartbeatStatus initial) {
    return new BeatingAgent(
        dynamo, table, region, instanceId, Clock.systemUTC(), interval, initial);
  }

  /** What the next beats report. */
  public BeatingAgent report(HeartbeatStatus next) {
    status.set(next);
    return this;
  }

  /** Stops beating; returns the last beat written. */
  public Heartbeat silence() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return last.get();
  }

  /** The last beat written, or null before the first. */
  public Heartbeat lastBeat() {
    return last.get();
  }

  private void beat() {
    Heartbeat previous = last.get();
    Heartbeat next =
        TestFleet.beat(
            region,
            instanceId,
            status.get(),
            previous == null ? 1 : previous.seq() + 1,
            clock.instant());
    try {
      dynamo.putItem(
          b ->
              b.tableName(table).item(HeartbeatItems.toItem(next, next.sentAt().plusSeconds(600))));
      last.set(next);
    } catch (RuntimeException e) {
      // A failed beat is what a real agent sees too; the next one tries again. Said, not hidden.
      System.err.println("agent " + instanceId + ": beat failed: " + e);
    }
  }

  @Override
  public void close() {
    silence();
  }
}
