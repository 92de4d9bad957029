package dev.baton.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.store.AgentStore;
import dev.baton.agent.store.DynamoAgentStore;
import dev.baton.agent.support.FakeAgentStore;
import dev.baton.domain.Heartbeat;
import dev.baton.time.VirtualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AgentStateTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final VirtualClock clock = new VirtualClock(NOW);
  private static final long FLOOR = NOW.toEpochMilli();
  private final FakeAgentStore store = new FakeAgentStore();

  private AgentState open(Path file) {
    return AgentState.open(new StateFile(file), store, "nyc1", "web-1", clock);
  }

  @Test
  void theSavedSeqIsNeverBelowASeqInUse(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state");
    AgentState state = open(file);

    for (int i = 0; i < 3 * AgentState.RESERVE; i++) {
      long seq = state.nextSeq();
      assertThat(new StateFile(file).load().orElseThrow().seq()).isGreaterThanOrEqualTo(seq);
    }
  }

  @Test
  void theFileIsWrittenOncePerBlockOfSeqs(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state");
    AgentState state = open(file);
    long first = state.nextSeq();
    long saved = new StateFile(file).load().orElseThrow().seq();

    for (int i = 1; i < AgentState.RESERVE; i++) {
      state.nextSeq();
    }

    assertThat(saved).isEqualTo(first + AgentState.RESERVE - 1);
    assertThat(new StateFile(file).load().orElseThrow().seq()).isEqualTo(saved);
    assertThat(state.nextSeq()).isEqualTo(saved + 1);
    assertThat(new StateFile(file).load().orElseThrow().seq())
        .isEqualTo(saved + AgentState.RESERVE);
  }

  @Test
  void seqContinuesAboveEverySeqUsedAfterARestart(@TempDir Path dir) {
    Path file = dir.resolve("state");
    AgentState before = open(file);
    before.nextSeq();
    long last = before.nextSeq();

    long next = open(file).nextSeq();

    assertThat(next).isGreaterThan(last).isLessThanOrEqualTo(last + AgentState.RESERVE);
  }

  @Test
  void withoutAFileSeqStartsAtTheClockFloorWhenTheStoreHoldsLess(@TempDir Path dir) {
    store.storedSeq(42);

    assertThat(open(dir.resolve("state")).nextSeq()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void withoutAFileSeqStartsAboveTheStoredSeqWhenThatIsHigher(@TempDir Path dir) {
    long stored = NOW.toEpochMilli() + 5_000; // e.g. the clock was stepped back since
    store.storedSeq(stored);

    assertThat(open(dir.resolve("state")).nextSeq()).isEqualTo(stored + 1);
  }

  @Test
  void withoutAFileAndWithoutTheStoreTheClockFloorStillGivesASeq(@TempDir Path dir) {
    store.reachable(false);

    assertThat(open(dir.resolve("state")).nextSeq()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void anUnreadableFileIsTreatedAsMissing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state");
    Files.writeString(file, "seq=banana\n");

    assertThat(open(file).nextSeq()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void aStateFileSeqBeyondTheMaximumIsRefusedNamingTheFieldAndTheRule(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("state");
    for (String seq :
        List.of("9007199254740992", "9223372036854775807", "99999999999999999999", "-5")) {
      Files.writeString(file, "seq=" + seq + "\ndraining=true\n");

      assertThatThrownBy(() -> new StateFile(file).load())
          .as(seq)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(
              "seq must be a whole number from 0 to 9007199254740991 (2^53 - 1), was");
      AgentState state = open(file);
      assertThat(state.nextSeq()).as(seq + ": repaired from the clock floor").isEqualTo(FLOOR);
      assertThat(new StateFile(file).load().orElseThrow().seq())
          .as("the repaired file")
          .isBetween(FLOOR, AgentState.MAX_SEQ);
    }
  }

  @Test
  void aStateFileAtTheMaximumLeavesNoSeqSoTheClockFloorIsUsed(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("state");
    Files.writeString(file, "seq=" + AgentState.MAX_SEQ + "\ndraining=true\n");

    AgentState state = open(file);

    assertThat(state.nextSeq()).isEqualTo(FLOOR);
    assertThat(state.draining()).as("the drain flag is kept").isTrue();
  }

  @Test
  void aStoredSeqThatBreaksTheRuleIsNotTrusted(@TempDir Path dir) {
    AgentStore forged =
        new AgentStore() {
          @Override
          public WriteOutcome write(Heartbeat beat, Instant expiresAt) {
            throw new UnsupportedOperationException("not written at open");
          }

          @Override
          public BatonRead readBaton() {
            throw new UnsupportedOperationException("not read at open");
          }

          @Override
          public OptionalLong storedSeq(String region, String instanceId) {
            // A forged item: beyond a Java long.
            return DynamoAgentStore.seqOf(
                Map.of("seq", AttributeValue.fromN("99999999999999999999")));
          }
        };

    AgentState state =
        AgentState.open(new StateFile(dir.resolve("state")), forged, "nyc1", "web-1", clock);

    assertThat(state.nextSeq()).isEqualTo(FLOOR);
  }

  @Test
  void noSeqIsEverUsedAboveTheMaximum(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("state");
    AgentState state = open(file);
    state.nextSeq();

    assertThat(state.skipPast(AgentState.MAX_SEQ - 2)).isTrue();
    assertThat(state.nextSeq()).isEqualTo(AgentState.MAX_SEQ - 1);
    assertThat(state.nextSeq()).isEqualTo(AgentState.MAX_SEQ);
    assertThatThrownBy(state::nextSeq)
        .isInstanceOf(SeqExhaustedException.class)
        .hasMessageContaining("seq must be a whole number from 0 to 9007199254740991");
    assertThat(state.lastSeq()).isEqualTo(AgentState.MAX_SEQ);
    assertThat(new StateFile(file).load().orElseThrow().seq())
        .as("the reserved block stops at the maximum")
        .isEqualTo(AgentState.MAX_SEQ);
    assertThat(state.skipPast(AgentState.MAX_SEQ)).as("nothing above the maximum").isFalse();
    assertThatThrownBy(() -> state.skipPast(AgentState.MAX_SEQ + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seq must be a whole number from 0 to 9007199254740991");
  }

  @Test
  void theStateFileRefusesToSaveASeqBeyondTheMaximum(@TempDir Path dir) {
    StateFile file = new StateFile(dir.resolve("state"));

    assertThatThrownBy(() -> file.save(new StateFile.Saved(AgentState.MAX_SEQ + 1, false)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("seq must be a whole number from 0 to 9007199254740991");
    assertThat(Files.exists(dir.resolve("state"))).isFalse();
  }

  @Test
  void skipPastMovesAboveTheStoredSeqAndNeverBack(@TempDir Path dir) {
    AgentState state = open(dir.resolve("state"));
    long seq = state.nextSeq();

    state.skipPast(seq + 100);
    assertThat(state.nextSeq()).isEqualTo(seq + 101);
    state.skipPast(5);
    assertThat(state.nextSeq()).isEqualTo(seq + 102);
  }

  @Test
  void theDrainFlagSurvivesARestart(@TempDir Path dir) {
    Path file = dir.resolve("state");
    open(file).draining(true);

    assertThat(open(file).draining()).isTrue();
  }

  @Test
  void anUnwritableFileDoesNotStopTheSequence(@TempDir Path dir) {
    AgentState state = open(dir.resolve("missing-dir").resolve("state"));

    long first = state.nextSeq();
    assertThat(state.nextSeq()).isEqualTo(first + 1);
  }
}
