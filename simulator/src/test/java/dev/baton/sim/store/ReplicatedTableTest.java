package dev.baton.sim.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.store.AgentStore;
import dev.baton.domain.Baton;
import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.port.DependencyException;
import dev.baton.time.VirtualClock;
import dev.baton.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** The replicated in-memory table on its own: replication, last writer wins, streams, faults. */
class ReplicatedTableTest {
  private static final long SEED = 99L;
  private static final String EAST = "us-east-1";
  private static final String WEST = "eu-west-1";
  private static final String HOME = "us-east-2";
  private static final ItemKey KEY = new ItemKey("THING", "one");

  private final VirtualClock clock = VirtualClock.atEpochOfTests();
  private final VirtualScheduler scheduler = new VirtualScheduler(clock);
  private final ReplicatedTable table;

  ReplicatedTableTest() {
    System.out.println("ReplicatedTableTest seed " + SEED);
    table = new ReplicatedTable(List.of(HOME, EAST, WEST), scheduler, new SplittableRandom(SEED));
  }

  private static Map<String, AttributeValue> item(String value) {
    return Map.of(
        "pk", AttributeValue.fromS(KEY.pk()),
        "sk", AttributeValue.fromS(KEY.sk()),
        "value", AttributeValue.fromS(value));
  }

  private String valueIn(String region) {
    return table.peek(region, KEY).map(i -> i.get("value").s()).orElse(null);
  }

  @Test
  void aWriteReachesTheOtherReplicasWithinTheDefaultDelay() {
    table.put("aws:" + EAST, EAST, item("a"));
    assertThat(valueIn(EAST)).isEqualTo("a");

    scheduler.runFor(ReplicatedTable.DEFAULT_MIN_DELAY.minusMillis(1));
    assertThat(valueIn(WEST)).isNull();
    assertThat(table.pendingCopies()).isEqualTo(2);

    scheduler.runFor(ReplicatedTable.DEFAULT_MAX_DELAY);
    assertThat(valueIn(WEST)).isEqualTo("a");
    assertThat(valueIn(HOME)).isEqualTo("a");
    assertThat(table.pendingCopies()).isZero();
  }

  @Test
  void aLaggingReplicaReceivesWritesAfterItsLag() {
    table.lag(WEST, Duration.ofSeconds(5));
    table.put("aws:" + EAST, EAST, item("a"));

    scheduler.runFor(Duration.ofMillis(4_999));
    assertThat(valueIn(HOME)).isEqualTo("a");
    assertThat(valueIn(WEST)).isNull();
    scheduler.runFor(Duration.ofMillis(1));
    assertThat(valueIn(WEST)).isEqualTo("a");
  }

  @Test
  void aStalledReplicaKeepsItsWritesAndGetsNoneUntilHealedThenTheBacklogArrives() {
    table.stall(EAST);
    table.put("aws:" + EAST, EAST, item("from-east"));
    table.put(
        "aws:" + WEST,
        WEST,
        new java.util.HashMap<>(item("x")) {
          {
            put("sk", AttributeValue.fromS("two"));
          }
        });

    scheduler.runFor(Duration.ofMinutes(1));
    assertThat(valueIn(HOME)).isNull();
    assertThat(table.peek(EAST, new ItemKey("THING", "two"))).isEmpty();
    assertThat(table.heldCopies()).isEqualTo(3);

    table.heal(EAST);
    scheduler.runFor(ReplicatedTable.DEFAULT_MAX_DELAY);
    assertThat(valueIn(HOME)).isEqualTo("from-east");
    assertThat(table.peek(EAST, new ItemKey("THING", "two"))).isPresent();
    assertThat(table.pendingCopies()).isZero();
  }

  @Test
  void healingAStallDoesNotEndAnIsolationNorTheOtherWayRound() {
    table.stall(EAST);
    table.isolate(EAST);
    table.put("aws:" + WEST, WEST, item("w"));
    table.heal(EAST);
    scheduler.runFor(Duration.ofSeconds(10));
    assertThat(valueIn(EAST)).isNull();
    assertThat(table.holds(EAST)).containsExactly(ReplicatedTable.Hold.ISOLATION);

    table.restore(EAST);
    scheduler.runFor(Duration.ofSeconds(2));
    assertThat(valueIn(EAST)).isEqualTo("w");
  }

  @Test
  void theLastWriterWinsEverywhereAndConditionsHoldOnlyInTheirReplica() {
    // Both replicas accept "create if absent": conditions are checked in the replica written.
    table.write("aws:" + EAST, EAST, KEY, Conditions.absent(), old -> item("first"));
    clock.advance(Duration.ofMillis(100));
    table.write("aws:" + WEST, WEST, KEY, Conditions.absent(), old -> item("second"));

    scheduler.runFor(Duration.ofSeconds(2));
    assertThat(List.of(valueIn(HOME), valueIn(EAST), valueIn(WEST))).containsOnly("second");
    // At least the copy of "first" into eu-west-1, which already holds the later write.
    assertThat(table.droppedOlder()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void eachStreamCarriesLocalAndReplicatedWrites() {
    table.put("aws:" + EAST, EAST, item("a"));
    scheduler.runFor(Duration.ofSeconds(2));
    table.put("aws:" + HOME, HOME, item("b"));
    scheduler.runFor(Duration.ofSeconds(2));
    table.delete("aws:" + WEST, WEST, KEY);
    scheduler.runFor(Duration.ofSeconds(2));

    List<StreamEntry> home = table.stream(HOME);
    assertThat(home)
        .extracting(StreamEntry::eventName)
        .containsExactly(StreamEntry.INSERT, StreamEntry.MODIFY, StreamEntry.REMOVE);
    assertThat(home).extracting(StreamEntry::origin).containsExactly(EAST, HOME, WEST);
    assertThat(home).extracting(StreamEntry::sequenceNumber).containsExactly(1L, 2L, 3L);
    assertThat(home.get(0).replicatedFrom(HOME)).isTrue();
    assertThat(home.get(1).oldImage().get("value").s()).isEqualTo("a");
    assertThat(home.get(0).createdAt()).isAfter(Instant.parse("2026-01-01T00:00:00.499Z"));
  }

  @Test
  void aFailedConditionCarriesTheStoredItem() {
    table.put("aws:" + HOME, HOME, item("kept"));
    assertThatThrownBy(
            () -> table.write("aws:" + HOME, HOME, KEY, Conditions.absent(), old -> item("lost")))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            e -> assertThat(e.item().get("value").s()).isEqualTo("kept"));
  }

  @Test
  void aThrottledReplicaFailsCallsAsThrottledAndTheStoresSayRetryable() {
    table.throttle(HOME, 1.0);
    assertThatThrownBy(() -> table.get("aws:" + HOME, HOME, KEY))
        .isInstanceOf(ProvisionedThroughputExceededException.class);
    ReplicaBatonStore batons =
        new ReplicaBatonStore(new TablePath(table, "aws:" + HOME, HOME), Duration.ofHours(1));
    assertThatThrownBy(batons::read)
        .isInstanceOfSatisfying(DependencyException.class, e -> assertThat(e.retryable()).isTrue());

    table.throttle(HOME, 0.5);
    int failed = 0;
    for (int i = 0; i < 200; i++) {
      try {
        table.get("aws:" + HOME, HOME, KEY);
      } catch (ProvisionedThroughputExceededException e) {
        failed++;
      }
    }
    assertThat(failed).isBetween(60, 140);
    table.throttle(HOME, 0);
    assertThat(table.get("aws:" + HOME, HOME, KEY)).isEmpty();
  }

  @Test
  void aCutPathFailsOnlyThatCallersCallsUntilMended() {
    table.cut("do:nyc1", EAST);
    ReplicaAgentStore nyc1 = new ReplicaAgentStore(new TablePath(table, "do:nyc1", EAST));
    ReplicaAgentStore sfo3 = new ReplicaAgentStore(new TablePath(table, "do:sfo3", EAST));
    Heartbeat beat =
        new Heartbeat(
            "nyc1",
            "web-1",
            HeartbeatStatus.HEALTHY,
            7,
            clock.instant(),
            Map.of("app", new Check(true, 1, "ok")),
            "sim",
            null);

    AgentStore.WriteOutcome cut = nyc1.write(beat, clock.instant().plusSeconds(3600));
    assertThat(cut)
        .isInstanceOfSatisfying(
            AgentStore.WriteOutcome.Failed.class,
            f ->
                assertThat(f.reason())
                    .startsWith("PutItem failed: SdkClientException:")
                    .contains("cut"));
    assertThat(nyc1.readBaton()).isInstanceOf(AgentStore.BatonRead.Failed.class);
    assertThatThrownBy(() -> table.get("do:nyc1", EAST, KEY))
        .isInstanceOf(SdkClientException.class);

    assertThat(sfo3.write(beat, clock.instant().plusSeconds(3600)))
        .isInstanceOf(AgentStore.WriteOutcome.Written.class);
    table.mend("do:nyc1", EAST);
    assertThat(nyc1.write(beat, clock.instant().plusSeconds(3600)))
        .isEqualTo(new AgentStore.WriteOutcome.SeqBehind(java.util.OptionalLong.of(7)));
  }

  @Test
  void anIsolatedReplicaAnswersNobody() {
    table.isolate(WEST);
    assertThatThrownBy(() -> table.get("aws:" + WEST, WEST, KEY))
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("isolated");
    assertThat(table.get("aws:" + HOME, HOME, KEY)).isEmpty();
  }

  @Test
  void theBatonStoreClaimsWithTheProductionConditionsOnTheReplicaItWrites() {
    ReplicaBatonStore home =
        new ReplicaBatonStore(new TablePath(table, "aws:" + HOME, HOME), Duration.ofHours(1));
    home.initialize(Baton.initial("nyc1", clock.instant()));
    assertThat(home.claim(1, "nyc1", "ams3", "p1", true, "test", clock.instant()))
        .isInstanceOf(dev.baton.port.BatonStore.ClaimOutcome.Claimed.class);
    assertThat(home.claim(1, "nyc1", "ams3", "p2", true, "again", clock.instant()))
        .isInstanceOf(dev.baton.port.BatonStore.ClaimOutcome.EpochMoved.class);
    Baton now = home.read().orElseThrow();
    assertThat(now.epoch()).isEqualTo(2);
    assertThat(now.activeRegion()).isEqualTo("ams3");
    assertThat(now.version()).isEqualTo(1);
    assertThat(now.autoPromotions()).hasSize(1);
  }
}
