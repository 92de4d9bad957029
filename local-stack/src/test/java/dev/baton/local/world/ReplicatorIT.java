package dev.baton.local.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.baton.local.MotoServer;
import dev.baton.local.world.ReplicationEvent.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The replicator keeps three moto replicas of one table in step as global tables do. */
class ReplicatorIT {
  private static final String EAST = "us-east-1";
  private static final String OHIO = "us-east-2";
  private static final String IRELAND = "eu-west-1";
  private static final List<String> REGIONS = List.of(EAST, OHIO, IRELAND);
  private static final Duration MIN_DELAY = Replicator.DEFAULT_MIN_DELAY;
  private static final Duration GENEROUS = Duration.ofSeconds(15);
  private static final AtomicInteger TABLES = new AtomicInteger();

  private static MotoServer moto;
  private static final Map<String, DynamoDbClient> DYNAMO = new LinkedHashMap<>();
  private static final Map<String, DynamoDbStreamsClient> STREAMS = new LinkedHashMap<>();

  private final String table = "replicated-" + TABLES.incrementAndGet();
  private final List<ReplicationEvent> events = Collections.synchronizedList(new ArrayList<>());
  private Replicator replicator;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
    for (String region : REGIONS) {
      DYNAMO.put(region, WorldClients.dynamo(moto.endpoint(), region));
      STREAMS.put(region, WorldClients.streams(moto.endpoint(), region));
    }
  }

  @AfterAll
  static void stopMoto() {
    DYNAMO.values().forEach(DynamoDbClient::close);
    STREAMS.values().forEach(DynamoDbStreamsClient::close);
    moto.stop();
  }

  ReplicatorIT() {
    for (String region : REGIONS) {
      WorldClients.createTable(DYNAMO.get(region), table, StreamViewType.NEW_AND_OLD_IMAGES);
    }
  }

  @AfterEach
  void stopReplicator() {
    if (replicator != null) {
      replicator.close();
    }
  }

  private Replicator.Builder replicator() {
    return Replicator.builder(moto.endpoint(), table, REGIONS).seed(7).listener(events::add);
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("STATE"));
  }

  private void put(String region, String pk, String role) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(key(pk));
    item.put("role", AttributeValue.fromS(role));
    DYNAMO.get(region).putItem(b -> b.tableName(table).item(item));
  }

  /** The item's role in {@code region}, null when there is no item. */
  private String role(String region, String pk) {
    var response =
        DYNAMO.get(region).getItem(b -> b.tableName(table).key(key(pk)).consistentRead(true));
    return response.hasItem() ? response.item().get("role").s() : null;
  }

  /** Polls until {@code region}'s role of {@code pk} matches; returns how long it took. */
  private Duration awaitRole(String region, String pk, Predicate<String> expected, long since)
      throws InterruptedException {
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    while (System.nanoTime() < deadline) {
      if (expected.test(role(region, pk))) {
        return Duration.ofNanos(System.nanoTime() - since);
      }
      Thread.sleep(20);
    }
    return fail(
        "%s in %s never matched within %s (now %s)", pk, region, GENEROUS, role(region, pk));
  }

  private Duration awaitRole(String region, String pk, String role, long since)
      throws InterruptedException {
    return awaitRole(region, pk, role::equals, since);
  }

  private void awaitEvents(Kind kind, int count) throws InterruptedException {
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    while (eventsOf(kind).size() < count) {
      if (System.nanoTime() > deadline) {
        fail("expected %d %s events within %s, saw %s", count, kind, GENEROUS, events);
      }
      Thread.sleep(20);
    }
  }

  private List<ReplicationEvent> eventsOf(Kind kind) {
    synchronized (events) {
      return events.stream().filter(e -> e.kind() == kind).toList();
    }
  }

  /** Every record of {@code region}'s stream about {@code pk}, oldest first. */
  private List<Record> streamRecords(String region, String pk) {
    DynamoDbStreamsClient streams = STREAMS.get(region);
    String arn =
        DYNAMO.get(region).describeTable(b -> b.tableName(table)).table().latestStreamArn();
    List<Record> records = new ArrayList<>();
    for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
      String iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      while (iterator != null) {
        String current = iterator;
        var page = streams.getRecords(b -> b.shardIterator(current));
        page.records().stream()
            .filter(r -> r.dynamodb().keys().get("pk").s().equals(pk))
            .forEach(records::add);
        iterator = page.records().isEmpty() ? null : page.nextShardIterator();
      }
    }
    return records;
  }

  @Test
  void aWriteReachesEveryOtherReplicaAfterTheDefaultDelayAndNotBefore() throws Exception {
    replicator = replicator().start();

    long written = System.nanoTime();
    put(EAST, "REGION#nyc1", "primary");

    for (String region : List.of(OHIO, IRELAND)) {
      Duration took = awaitRole(region, "REGION#nyc1", "primary", written);
      assertThat(took).as("into " + region).isGreaterThanOrEqualTo(MIN_DELAY);
      // One second of delay plus a poll interval; the margin is for a loaded machine.
      assertThat(took).as("into " + region).isLessThan(Duration.ofMillis(2500));
    }
    assertThat(eventsOf(Kind.APPLIED))
        .extracting(e -> e.from() + ">" + e.to())
        .containsExactlyInAnyOrder("us-east-1>us-east-2", "us-east-1>eu-west-1");
  }

  @Test
  void aLaggedReplicaGetsWritesOnlyAfterItsLagAndZeroRestoresTheDefault() throws Exception {
    replicator = replicator().start();
    replicator.lag(IRELAND, Duration.ofSeconds(3));

    long written = System.nanoTime();
    put(EAST, "REGION#nyc1", "primary");

    assertThat(awaitRole(OHIO, "REGION#nyc1", "primary", written))
        .isLessThan(Duration.ofSeconds(3));
    assertThat(awaitRole(IRELAND, "REGION#nyc1", "primary", written))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));

    replicator.lag(IRELAND, Duration.ZERO);
    long rewritten = System.nanoTime();
    put(IRELAND, "REGION#nyc1", "standby");
    assertThat(awaitRole(EAST, "REGION#nyc1", "standby", rewritten))
        .isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void aStalledReplicaKeepsItsWritesAndGetsNothingUntilHealedThenBothDirectionsDeliver()
      throws Exception {
    replicator = replicator().start();
    replicator.stall(OHIO);

    long written = System.nanoTime();
    put(OHIO, "REGION#ams3", "primary");
    put(EAST, "REGION#nyc1", "primary");

    // The copy not involving Ohio arrives; the three involving it wait.
    awaitRole(IRELAND, "REGION#nyc1", "primary", written);
    awaitEvents(Kind.HELD, 3);
    Thread.sleep(Replicator.DEFAULT_MAX_DELAY.plusMillis(500).toMillis());
    assertThat(role(OHIO, "REGION#ams3")).as("local reads and writes work").isEqualTo("primary");
    assertThat(role(OHIO, "REGION#nyc1")).isNull();
    assertThat(role(EAST, "REGION#ams3")).isNull();
    assertThat(role(IRELAND, "REGION#ams3")).isNull();
    assertThat(replicator.pending()).isEqualTo(3);
    assertThat(replicator.awaitQuiet(Duration.ofMillis(300))).isFalse();

    replicator.heal(OHIO);

    assertThat(replicator.awaitQuiet(GENEROUS)).isTrue();
    assertThat(eventsOf(Kind.RELEASED)).hasSize(3);
    for (String region : REGIONS) {
      assertThat(role(region, "REGION#ams3")).as(region).isEqualTo("primary");
      assertThat(role(region, "REGION#nyc1")).as(region).isEqualTo("primary");
    }
  }

  @Test
  void anIsolatedReplicaStaysCutOffWhenAStallOnItHealsUntilRestored() throws Exception {
    replicator = replicator().start();
    replicator.isolate(IRELAND);
    replicator.stall(IRELAND);

    long written = System.nanoTime();
    put(IRELAND, "REGION#ams3", "primary");
    put(EAST, "REGION#nyc1", "primary");
    awaitRole(OHIO, "REGION#nyc1", "primary", written);
    awaitEvents(Kind.HELD, 3);

    replicator.heal(IRELAND);
    Thread.sleep(Replicator.DEFAULT_MAX_DELAY.plusMillis(500).toMillis());
    assertThat(eventsOf(Kind.RELEASED)).isEmpty();
    assertThat(role(IRELAND, "REGION#nyc1")).isNull();
    assertThat(role(EAST, "REGION#ams3")).isNull();
    assertThat(replicator.pending()).isEqualTo(3);

    replicator.restore(IRELAND);

    assertThat(replicator.awaitQuiet(GENEROUS)).isTrue();
    assertThat(role(IRELAND, "REGION#nyc1")).isEqualTo("primary");
    assertThat(role(EAST, "REGION#ams3")).isEqualTo("primary");
    assertThat(role(OHIO, "REGION#ams3")).isEqualTo("primary");
  }

  @Test
  void concurrentWritesToOneItemConvergeToTheLaterOneEverywhere() throws Exception {
    replicator = replicator().start();

    put(EAST, "REGION#nyc1", "written-first");
    Thread.sleep(50); // Well within the replication delay, and a later millisecond for moto.
    put(IRELAND, "REGION#nyc1", "written-later");

    assertThat(replicator.awaitQuiet(GENEROUS)).isTrue();
    for (String region : REGIONS) {
      assertThat(role(region, "REGION#nyc1")).as(region).isEqualTo("written-later");
    }
    assertThat(eventsOf(Kind.DROPPED_OLDER))
        .extracting(e -> e.from() + ">" + e.to())
        .contains("us-east-1>eu-west-1");
  }

  @Test
  void aLocalWriteThatAnOlderCopyOverwroteIsWrittenBack() throws Exception {
    // Stepped by hand so that the local write lands between reading the streams and writing.
    replicator = replicator().delay(Duration.ZERO, Duration.ZERO).build();
    replicator.position();

    put(EAST, "REGION#nyc1", "older");
    assertThat(replicator.readStreams()).isFalse();
    Thread.sleep(20); // A later millisecond in moto's stream timestamps.
    put(OHIO, "REGION#nyc1", "newer"); // Not yet read by the replicator...
    replicator.deliverDue(); // ...which now copies "older" over it.
    assertThat(role(OHIO, "REGION#nyc1")).isEqualTo("older");

    long deadline = System.nanoTime() + GENEROUS.toNanos();
    while (!replicator.step() || replicator.pending() > 0) {
      assertThat(System.nanoTime()).as("quiet in time").isLessThan(deadline);
    }

    for (String region : REGIONS) {
      assertThat(role(region, "REGION#nyc1")).as(region).isEqualTo("newer");
    }
    assertThat(eventsOf(Kind.REPAIRED))
        .singleElement()
        .satisfies(e -> assertThat(e.to()).isEqualTo(OHIO));
  }

  @Test
  void deletesReplicate() throws Exception {
    replicator = replicator().start();
    put(EAST, "REGION#nyc1", "primary");
    assertThat(replicator.awaitQuiet(GENEROUS)).isTrue();

    DYNAMO.get(OHIO).deleteItem(b -> b.tableName(table).key(key("REGION#nyc1")));

    assertThat(replicator.awaitQuiet(GENEROUS)).isTrue();
    for (String region : REGIONS) {
      assertThat(role(region, "REGION#nyc1")).as(region).isNull();
      assertThat(streamRecords(region, "REGION#nyc1"))
          .extracting(Record::eventName)
          .containsExactly(OperationType.INSERT, OperationType.REMOVE);
    }
  }

  @Test
  void aSingleWriteMakesExactlyOneStreamRecordInEveryReplica() throws Exception {
    replicator = replicator().start();

    put(EAST, "REGION#nyc1", "primary");
    assertThat(replicator.awaitQuiet(GENEROUS)).isTrue();
    // Still quiet a while later: no copy of a copy is under way.
    Thread.sleep(Replicator.DEFAULT_MAX_DELAY.toMillis());
    assertThat(replicator.awaitQuiet(GENEROUS)).isTrue();
    assertThat(replicator.pending()).isZero();

    for (String region : REGIONS) {
      assertThat(streamRecords(region, "REGION#nyc1"))
          .as(region)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.eventName()).isEqualTo(OperationType.INSERT);
                assertThat(r.dynamodb().newImage().get("role").s()).isEqualTo("primary");
              });
    }
  }

  @Test
  void aReplicaWhoseStreamCarriesNoNewImagesIsRefused() {
    String keysOnly = table + "-keys";
    for (String region : REGIONS) {
      WorldClients.createTable(
          DYNAMO.get(region),
          keysOnly,
          region.equals(OHIO) ? StreamViewType.KEYS_ONLY : StreamViewType.NEW_AND_OLD_IMAGES);
    }

    try (Replicator refused = Replicator.builder(moto.endpoint(), keysOnly, REGIONS).build()) {
      assertThatThrownBy(refused::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("us-east-2")
          .hasMessageContaining("KEYS_ONLY");
    }
  }
}
