package dev.baton.agent.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookProcessTest {

  @Test
  void exitCodeOutputAndEnvironmentReachTheResult() throws Exception {
    HookResult r =
        HookProcess.run(
            "echo role=$BATON_ROLE epoch=$BATON_EPOCH; echo oops >&2; exit 3",
            Map.of("BATON_ROLE", "active", "BATON_EPOCH", "7"),
            Duration.ofSeconds(10));

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.succeeded()).isFalse();
    assertThat(r.output()).isEqualTo("role=active epoch=7\noops");
  }

  @Test
  void aSuccessfulHookSucceeds() throws Exception {
    HookResult r = HookProcess.run("true", Map.of(), Duration.ofSeconds(10));

    assertThat(r.succeeded()).isTrue();
    assertThat(r.output()).isEmpty();
  }

  @Test
  void onlyTheTailOfAChattyHookIsKept() throws Exception {
    HookResult r =
        HookProcess.run(
            "i=0; while [ $i -lt 2000 ]; do echo line-$i; i=$((i+1)); done",
            Map.of(),
            Duration.ofSeconds(10));

    assertThat(r.output()).startsWith("...").endsWith("line-1999");
    assertThat(r.output().length()).isLessThanOrEqualTo(HookProcess.OUTPUT_TAIL_BYTES + 3);
  }

  @Test
  void aHangingHookAndItsChildrenAreKilledAtTheTimeout(@TempDir Path dir) throws Exception {
    Path childPid = dir.resolve("child.pid");
    long started = System.nanoTime();

    HookResult r =
        HookProcess.run(
            "sleep 600 & echo $! > " + childPid + "; echo started; sleep 600",
            Map.of(),
            Duration.ofMillis(500));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.killedProcesses())
        .as("the shell (or what it exec'd) and the background sleep")
        .isGreaterThanOrEqualTo(2);
    assertThat(r.output()).isEqualTo("started");
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(500))
        .isLessThan(Duration.ofSeconds(5));
    long pid = Long.parseLong(Files.readString(childPid).strip());
    assertThat(isGone(pid)).as("the background child %d is dead", pid).isTrue();
  }

  @Test
  void aCommandThatIsNotFoundIsAFailureWithTheShellsMessage() throws Exception {
    HookResult r = HookProcess.run("/no/such/hook", Map.of(), Duration.ofSeconds(10));

    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.output()).contains("/no/such/hook");
  }

  /** Dead or a zombie waiting for a reaper (SIGKILL cannot be ignored, so a zombie is dead). */
  private static boolean isGone(long pid) throws IOException, InterruptedException {
    for (int i = 0; i < 50; i++) {
      Path stat = Path.of("/proc/" + pid + "/stat");
      if (!Files.exists(stat)) {
        return true;
      }
      String text;
      try {
        text = Files.readString(stat);
      } catch (IOException e) {
        return true; // vanished between the two calls
      }
      char state = text.charAt(text.lastIndexOf(')') + 2);
      if (state == 'Z' || state == 'X') {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
