package dev.baton.local.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.local.world.ReplicationEvent.Kind;
import dev.baton.local.world.ReplicationLedger.Copy;
import dev.baton.local.world.ReplicationLedger.HoldReason;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The replication bookkeeping, without moto: time and randomness are passed in. */
class ReplicationLedgerTest {
  private static final String A = "us-east-1";
  private static final String B = "us-east-2";
  private static final String C = "eu-west-1";
  private static final long MS = 1_000_000;
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Map<String, AttributeValue> KEY =
      Map.of("pk", AttributeValue.fromS("REGION#nyc1"), "sk", AttributeValue.fromS("STATE"));

  private final ReplicationLedger ledger = ledger(7);
  private long sequence;

  private static ReplicationLedger ledger(long seed) {
    return new ReplicationLedger(
        List.of(A, B, C), Duration.ofMillis(500), Duration.ofSeconds(1), new Random(seed));
  }

  private static Map<String, AttributeValue> image(String role) {
    Map<String, AttributeValue> image = new HashMap<>(KEY);
    image.put("role", AttributeValue.fromS(role));
    return image;
  }

  private boolean write(String region, String role, long writtenAtMs, long now) {
    return ledger.observe(
        region,
        KEY,
        role == null ? null : image(role),
        T0.plusMillis(writtenAtMs),
        BigInteger.valueOf(++sequence),
        now);
  }

  /** Takes, admits and applies every copy due at {@code now}; returns those applied. */
  private List<Copy> deliver(long now) {
    List<Copy> applied = new ArrayList<>();
    for (Copy copy : ledger.due(now)) {
      if (ledger.admit(copy)) {
        ledger.applied(copy, true);
        applied.add(copy);
      }
    }
    return applied;
  }

  private static String role(Copy copy) {
    return copy.version().image().get("role").s();
  }

  @Test
  void aLocalWriteIsOwedToEveryOtherReplicaWithinTheDefaultDelay() {
    assertThat(write(A, "primary", 0, 0)).isTrue();

    assertThat(ledger.pending()).isEqualTo(2);
    assertThat(ledger.due(500 * MS - 1)).isEmpty();
    assertThat(deliver(1000 * MS)).extracting(Copy::to).containsExactlyInAnyOrder(B, C);
    assertThat(ledger.pending()).isZero();
    assertThat(ledger.drainEvents()).extracting(ReplicationEvent::kind).containsOnly(Kind.APPLIED);
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    for (List<Long> dues : List.of(first, second)) {
      ReplicationLedger l = ledger(42);
      for (int i = 0; i < 5; i++) {
        l.observe(A, KEY, image("r" + i), T0.plusMillis(i), BigInteger.valueOf(i), 0);
        dues.add(l.nextDue().orElseThrow());
      }
    }
    assertThat(first).isEqualTo(second);
    assertThat(first).allSatisfy(d -> assertThat(d).isBetween(500 * MS, 1000 * MS));
  }

  @Test
  void theEchoOfACopyIsNotCopiedAgain() {
    write(A, "primary", 0, 0);
    deliver(1000 * MS);

    // B's and C's streams now show the copies: not local writes, nothing owed.
    assertThat(write(B, "primary", 600, 1100 * MS)).isFalse();
    assertThat(write(C, "primary", 600, 1100 * MS)).isFalse();
    assertThat(ledger.pending()).isZero();
    // A later local write in B with the same image is local again: its echo was consumed.
    assertThat(write(B, "primary", 2000, 2000 * MS)).isTrue();
  }

  @Test
  void aCopyOlderThanWhatItsDestinationHoldsIsDropped() {
    write(A, "old", 0, 0);
    write(C, "new", 100, 100 * MS);

    List<Copy> applied = deliver(2000 * MS);

    assertThat(applied).extracting(c -> c.to() + ":" + role(c)).contains("us-east-1:new");
    assertThat(ledger.drainEvents())
        .filteredOn(e -> e.kind() == Kind.DROPPED_OLDER)
        .extracting(ReplicationEvent::to)
        .containsExactly(C);
    assertThat(ledger.pending()).isZero();
  }

  @Test
  void twoWritesInOneRegionWithinOneMillisecondKeepTheirStreamOrder() {
    write(A, "first", 0, 0);
    write(A, "second", 0, 0);

    List<Copy> applied = deliver(2000 * MS);

    assertThat(applied)
        .filteredOn(c -> c.to().equals(B))
        .last()
        .extracting(c -> role(c))
        .isEqualTo("second");
  }

  @Test
  void aLocalWriteAnOlderCopyOverwroteIsWrittenBackAtOnce() {
    write(A, "old", 0, 0);
    deliver(1000 * MS); // "old" written into B and C
    ledger.drainEvents();

    // B's stream: a local write made just before the copy landed, then the copy's echo.
    assertThat(write(B, "new", 900, 1050 * MS)).isTrue();
    List<Copy> repair = ledger.due(1050 * MS);
    assertThat(repair).singleElement().satisfies(c -> assertThat(c.repair()).isTrue());
    assertThat(repair.get(0).to()).isEqualTo(B);
    assertThat(write(B, "old", 1000, 1060 * MS)).as("the echo").isFalse();
    assertThat(ledger.admit(repair.get(0))).isTrue();
    ledger.applied(repair.get(0), true);

    assertThat(deliver(3000 * MS))
        .extracting(c -> c.to() + ":" + role(c))
        .containsExactlyInAnyOrder("us-east-1:new", "eu-west-1:new");
    assertThat(ledger.drainEvents())
        .extracting(e -> e.kind() + " " + e.to())
        .containsExactly("REPAIRED us-east-2", "APPLIED us-east-1", "APPLIED eu-west-1");
  }

  @Test
  void aLagOnEitherEndSetsTheDelayAndZeroRestoresTheDefault() {
    ledger.lag(B, Duration.ofSeconds(3));
    write(A, "primary", 0, 0);

    assertThat(deliver(1000 * MS)).extracting(Copy::to).containsExactly(C);
    assertThat(ledger.due(3000 * MS - 1)).isEmpty();
    assertThat(deliver(3000 * MS)).extracting(Copy::to).containsExactly(B);

    ledger.lag(B, Duration.ZERO);
    write(A, "standby", 5000, 5000 * MS);
    assertThat(deliver(6000 * MS)).extracting(Copy::to).containsExactlyInAnyOrder(B, C);
  }

  @Test
  void aHeldReplicaSendsAndReceivesNothingUntilEveryReasonEnds() {
    ledger.hold(B, HoldReason.STALL);
    ledger.hold(B, HoldReason.ISOLATION);
    write(A, "from-a", 0, 0);
    Map<String, AttributeValue> otherKey =
        Map.of("pk", AttributeValue.fromS("HB#ams3"), "sk", AttributeValue.fromS("i-2"));
    ledger.observe(B, otherKey, otherKey, T0, BigInteger.ONE, 0);

    assertThat(deliver(10_000 * MS)).extracting(Copy::to).containsExactly(C);
    assertThat(ledger.pending()).isEqualTo(3);

    assertThat(ledger.release(B, HoldReason.STALL, 10_000 * MS)).isTrue();
    assertThat(ledger.holds(B)).containsExactly(HoldReason.ISOLATION);
    assertThat(deliver(20_000 * MS)).isEmpty();

    assertThat(ledger.release(B, HoldReason.ISOLATION, 20_000 * MS)).isTrue();
    assertThat(ledger.due(20_500 * MS - 1)).isEmpty();
    assertThat(deliver(21_000 * MS))
        .extracting(c -> c.from() + ">" + c.to())
        .containsExactlyInAnyOrder(
            "us-east-1>us-east-2", "us-east-2>us-east-1", "us-east-2>eu-west-1");
    assertThat(ledger.drainEvents())
        .extracting(ReplicationEvent::kind)
        .filteredOn(k -> k == Kind.HELD || k == Kind.RELEASED)
        .containsExactly(
            Kind.HELD, Kind.HELD, Kind.HELD, Kind.RELEASED, Kind.RELEASED, Kind.RELEASED);
  }

  @Test
  void aCopyAlreadyOnItsWayWhenThePathIsCutIsHeldWhenItFallsDue() {
    write(A, "primary", 0, 0);
    ledger.hold(C, HoldReason.STALL);

    assertThat(deliver(1000 * MS)).extracting(Copy::to).containsExactly(B);
    assertThat(ledger.pending()).isEqualTo(1);
    assertThat(ledger.drainEvents())
        .extracting(e -> e.kind() + " " + e.to())
        .contains("HELD eu-west-1");
  }

  @Test
  void deletingAnAbsentItemLeavesNoEchoToWaitFor() {
    write(A, null, 0, 0);
    for (Copy copy : ledger.due(1000 * MS)) {
      assertThat(ledger.admit(copy)).isTrue();
      ledger.applied(copy, false);
    }

    assertThat(write(B, "new", 2000, 2000 * MS)).as("a local write, not an echo").isTrue();
  }

  @Test
  void anUnknownRegionIsRejectedNamingTheReplicas() {
    assertThatThrownBy(() -> ledger.hold("ap-south-1", HoldReason.STALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ap-south-1")
        .hasMessageContaining("us-east-1");
    assertThatThrownBy(() -> ledger.lag(A, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
