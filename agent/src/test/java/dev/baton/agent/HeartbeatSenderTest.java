package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.state.AgentState;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.store.AgentStore.WriteOutcome;
import dev.baton.agent.support.FakeAgentStore;
import dev.baton.domain.Check;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.time.VirtualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender's seq handling at the top of the range: never above the maximum, never wedged. */
class HeartbeatSenderTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Map<String, Check> APP = Map.of("app", new Check(true, 3, "status 200"));

  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock(NOW);
  private final FakeAgentStore store = new FakeAgentStore();

  private HeartbeatSender sender() {
    AgentState state =
        AgentState.open(new StateFile(dir.resolve("state")), store, "nyc1", "web-1", clock);
    return new HeartbeatSender(
        "nyc1", "web-1", "test", Duration.ofHours(1), store, state, clock, System::nanoTime);
  }

  @Test
  void aStoredSeqJustBelowTheMaximumIsPassedWithTheLastSeqAllowed() {
    HeartbeatSender sender = sender();
    store.storedSeq(AgentState.MAX_SEQ - 1);

    HeartbeatSender.Sent sent = sender.send(HeartbeatStatus.HEALTHY, APP);

    assertThat(sent.written()).isTrue();
    assertThat(sent.beat().seq()).isEqualTo(AgentState.MAX_SEQ);
  }

  @Test
  void aStoredSeqAtTheMaximumFailsTheBeatNamingTheRuleInsteadOfWritingAboveIt() {
    HeartbeatSender sender = sender();
    store.storedSeq(AgentState.MAX_SEQ);

    for (int beat = 0; beat < 3; beat++) {
      HeartbeatSender.Sent sent = sender.send(HeartbeatStatus.HEALTHY, APP);

      assertThat(sent.written()).isFalse();
      assertThat(sent.outcome())
          .isInstanceOfSatisfying(
              WriteOutcome.Failed.class,
              f ->
                  assertThat(f.reason())
                      .contains("seq must be a whole number from 0 to 9007199254740991")
                      .contains("delete this instance's heartbeat item"));
      assertThat(sent.beat().seq()).isBetween(0L, AgentState.MAX_SEQ);
    }
    assertThat(store.written()).isEmpty();
  }
}
