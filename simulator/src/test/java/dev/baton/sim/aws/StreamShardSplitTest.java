package dev.baton.sim.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.baton.sim.Observations;
import dev.baton.sim.store.ReplicatedTable;
import dev.baton.time.VirtualClock;
import dev.baton.time.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The event source mapping across shard splits: every record reaches the function once, and each
 * item's records in the order they were written, though children are read side by side.
 */
class StreamShardSplitTest {
  private static final long SEED = 2024L;
  private static final String HOME = "us-east-2";
  private static final int ITEMS = 40;
  private static final int WRITES_PER_ITEM = 60;

  private final VirtualClock clock = VirtualClock.atEpochOfTests();
  private final VirtualScheduler scheduler = new VirtualScheduler(clock);
  private final ReplicatedTable table =
      new ReplicatedTable(List.of(HOME), scheduler, new SplittableRandom(SEED));

  /** What the function saw, per item: the written counters in the order delivered. */
  private final Map<String, List<Integer>> seen = new LinkedHashMap<>();

  private StreamsEventResponse record(DynamodbEvent event) {
    for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
      String pk = r.getDynamodb().getKeys().get("pk").getS();
      int n = Integer.parseInt(r.getDynamodb().getNewImage().get("n").getN());
      seen.computeIfAbsent(pk, k -> new ArrayList<>()).add(n);
    }
    return new StreamsEventResponse(List.of());
  }

  /** Every item written WRITES_PER_ITEM times, in bursts bigger than a batch, over 60 s. */
  private void writeBursts() {
    for (int w = 1; w <= WRITES_PER_ITEM; w++) {
      int n = w;
      scheduler.schedule(
          () -> {
            for (int i = 0; i < ITEMS; i++) {
              table.put(
                  "aws:" + HOME,
                  HOME,
                  Map.of(
                      "pk", AttributeValue.fromS("HB#item-" + i),
                      "sk", AttributeValue.fromS("beat"),
                      "n", AttributeValue.fromN(Integer.toString(n))));
            }
          },
          w * 1000L,
          TimeUnit.MILLISECONDS);
    }
  }

  private StreamEventSourceMapping mapping(StreamEventSourceMapping.Settings settings) {
    return new StreamEventSourceMapping(
        table,
        HOME,
        this::record,
        scheduler,
        new SplittableRandom(SEED),
        settings,
        new Observations(clock));
  }

  @Test
  void noRecordIsLostOrReorderedPerItemAcrossSplits() {
    System.out.println("StreamShardSplitTest seed " + SEED);
    // Batches of 5 while 40 records arrive each second: every shard has a backlog when it closes.
    StreamEventSourceMapping mapping =
        mapping(
            new StreamEventSourceMapping.Settings(
                    5, Duration.ofSeconds(1), Duration.ofMillis(250), 2, Duration.ofHours(1), 0)
                .withShardSplits(Duration.ofSeconds(8)));
    mapping.start(Duration.ZERO);
    writeBursts();

    scheduler.runFor(Duration.ofMillis(30_001));
    assertThat(mapping.backlog()).as("just after a burst").isPositive();
    scheduler.runFor(Duration.ofSeconds(35));
    assertThat(mapping.shardSplits()).as("splits in 65 s").isGreaterThanOrEqualTo(5);
    scheduler.runFor(Duration.ofMinutes(5));

    assertThat(mapping.backlog()).isZero();
    assertThat(mapping.parallelPolls()).as("children read side by side").isPositive();
    assertThat(mapping.recordsDelivered()).isEqualTo((long) ITEMS * WRITES_PER_ITEM);
    List<Integer> inOrder = new ArrayList<>();
    for (int w = 1; w <= WRITES_PER_ITEM; w++) {
      inOrder.add(w);
    }
    assertThat(seen).hasSize(ITEMS);
    seen.forEach((item, values) -> assertThat(values).as(item).isEqualTo(inOrder));
  }

  @Test
  void splitsForcedBehindABacklogKeepEachItemInOrder() {
    // Each split comes just after a burst, while the parent is still behind: a child read before
    // its parent's end would deliver a later counter first (checked by breaking the gate once).
    StreamEventSourceMapping mapping =
        mapping(
            new StreamEventSourceMapping.Settings(
                5, Duration.ofSeconds(1), Duration.ofMillis(250), 2, Duration.ofHours(1), 0));
    mapping.start(Duration.ZERO);
    writeBursts();
    for (int s = 1; s <= 6; s++) {
      scheduler.schedule(mapping::splitShards, s * 7_000L + 1, TimeUnit.MILLISECONDS);
    }
    scheduler.runFor(Duration.ofMinutes(6));

    assertThat(mapping.shardSplits()).isEqualTo(6);
    assertThat(mapping.shardsLeft()).isEqualTo(StreamEventSourceMapping.MAX_OPEN_SHARDS);
    assertThat(mapping.recordsDelivered()).isEqualTo((long) ITEMS * WRITES_PER_ITEM);
    seen.forEach((item, values) -> assertThat(values).as(item).isSorted().hasSize(WRITES_PER_ITEM));
  }

  @Test
  void theSameSeedSplitsAtTheSameInstantsAndDeliversTheSame() {
    List<String> first = run();
    List<String> second = run();
    assertThat(first).isEqualTo(second).isNotEmpty();
  }

  private static List<String> run() {
    StreamShardSplitTest t = new StreamShardSplitTest();
    Observations observations = new Observations(t.clock);
    StreamEventSourceMapping mapping =
        new StreamEventSourceMapping(
            t.table,
            HOME,
            t::record,
            t.scheduler,
            new SplittableRandom(SEED),
            StreamEventSourceMapping.Settings.TEMPLATE
                .withDuplicateChance(0.1)
                .withShardSplits(Duration.ofSeconds(10)),
            observations);
    mapping.start(Duration.ZERO);
    t.writeBursts();
    t.scheduler.runFor(Duration.ofMinutes(3));
    List<String> out = new ArrayList<>(observations.text().lines().toList());
    out.add(t.seen.toString());
    return out;
  }
}
