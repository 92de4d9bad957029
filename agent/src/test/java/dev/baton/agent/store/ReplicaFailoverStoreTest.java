package dev.baton.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Agents on a strongly consistent control table move to the next replica within the same call. */
class ReplicaFailoverStoreTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** A replica that answers or fails, and counts its calls. */
  private static class Replica implements AgentStore {
    boolean down;
    final List<String> calls = new ArrayList<>();

    @Override
    public WriteOutcome write(Heartbeat beat, Instant expiresAt) {
      calls.add("write");
      return down ? new WriteOutcome.Failed("connect timed out") : new WriteOutcome.Written();
    }

    @Override
    public BatonRead readBaton() {
      calls.add("read");
      return down
          ? new BatonRead.Failed("connect timed out")
          : new BatonRead.Found(Optional.empty());
    }

    @Override
    public OptionalLong storedSeq(String region, String instanceId) {
      calls.add("seq");
      if (down) {
        throw new StoreUnavailableException("connect timed out", null);
      }
      return OptionalLong.of(7);
    }
  }

  private final Replica east = new Replica();
  private final Replica ohio = new Replica();
  private final Replica ireland = new Replica();
  private final AtomicLong nanos = new AtomicLong();
  private final ReplicaFailoverStore store =
      new ReplicaFailoverStore(
          List.of(
              new ReplicaFailoverStore.Replica("us-east-1", east),
              new ReplicaFailoverStore.Replica("us-east-2", ohio),
              new ReplicaFailoverStore.Replica("eu-west-1", ireland)),
          Duration.ofMinutes(5),
          nanos::get);

  private static Heartbeat beat() {
    return new Heartbeat("nyc1", "nyc1-1", HeartbeatStatus.HEALTHY, 1, NOW, Map.of(), "t", null);
  }

  @Test
  void aFailedReplicaCostsOneCallAndTheAgentStaysOnTheOneThatAnswered() {
    east.down = true;

    assertThat(store.write(beat(), NOW)).isInstanceOf(AgentStore.WriteOutcome.Written.class);
    assertThat(store.inUse()).isEqualTo("us-east-2");
    assertThat(store.readBaton()).isInstanceOf(AgentStore.BatonRead.Found.class);

    assertThat(east.calls).containsExactly("write");
    assertThat(ohio.calls).containsExactly("write", "read");
    assertThat(ireland.calls).isEmpty();
  }

  @Test
  void theNearestIsTriedAgainAfterAWhile() {
    east.down = true;
    store.write(beat(), NOW);
    east.down = false;
    nanos.addAndGet(Duration.ofMinutes(4).toNanos());
    store.readBaton();
    assertThat(store.inUse()).isEqualTo("us-east-2");

    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    store.readBaton();

    assertThat(store.inUse()).isEqualTo("us-east-1");
    assertThat(east.calls).containsExactly("write", "read");
  }

  @Test
  void aRefusedSeqIsAnAnswerNotAFailure() {
    AgentStore refusing =
        new Replica() {
          @Override
          public WriteOutcome write(Heartbeat beat, Instant expiresAt) {
            calls.add("write");
            return new WriteOutcome.SeqBehind(OptionalLong.of(9));
          }
        };
    ReplicaFailoverStore two =
        new ReplicaFailoverStore(
            List.of(
                new ReplicaFailoverStore.Replica("us-east-1", refusing),
                new ReplicaFailoverStore.Replica("us-east-2", ohio)),
            Duration.ofMinutes(5),
            nanos::get);

    assertThat(two.write(beat(), NOW)).isInstanceOf(AgentStore.WriteOutcome.SeqBehind.class);
    assertThat(ohio.calls).isEmpty();
  }

  @Test
  void whenEveryReplicaFailsTheReasonNamesEach() {
    east.down = true;
    ohio.down = true;
    ireland.down = true;

    AgentStore.WriteOutcome outcome = store.write(beat(), NOW);
    assertThat(((AgentStore.WriteOutcome.Failed) outcome).reason())
        .contains("us-east-1: connect timed out")
        .contains("us-east-2: connect timed out")
        .contains("eu-west-1: connect timed out");
    assertThat(store.readBaton()).isInstanceOf(AgentStore.BatonRead.Failed.class);
    assertThatThrownBy(() -> store.storedSeq("nyc1", "nyc1-1"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("every replica failed");
  }
}
