package dev.baton.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.support.FakeAgentStore;
import dev.baton.time.VirtualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStateTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final VirtualClock clock = new VirtualClock(NOW);
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
