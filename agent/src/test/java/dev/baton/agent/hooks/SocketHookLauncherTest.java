package dev.baton.agent.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketHookLauncherTest {
  private static final Map<String, String> ROLE_ENV =
      Map.of(
          "BATON_REGION", "nyc1",
          "BATON_ROLE", "active",
          "BATON_EPOCH", "4",
          "BATON_PREVIOUS_ROLE", "standby");

  @TempDir Path dir;
  private HookRunnerStandIn runner;

  @AfterEach
  void stopRunner() throws Exception {
    if (runner != null) {
      runner.close();
    }
  }

  private SocketHookLauncher launcher(Map<String, String> unitEnvironment) throws Exception {
    runner = new HookRunnerStandIn(dir.resolve("hooks.sock"), unitEnvironment);
    return new SocketHookLauncher(runner.socket(), "baton-agent");
  }

  @Test
  void theRequestCarriesTheTimeoutTheRoleVariablesAndTheCommand() {
    byte[] request =
        SocketHookLauncher.request(
            "/usr/local/bin/app-role active\necho done", ROLE_ENV, Duration.ofSeconds(30));

    assertThat(new String(request, StandardCharsets.UTF_8))
        .isEqualTo(
            """
            baton-hook 1
            timeout-ms=30000
            BATON_EPOCH=4
            BATON_PREVIOUS_ROLE=standby
            BATON_REGION=nyc1
            BATON_ROLE=active

            /usr/local/bin/app-role active
            echo done""");
  }

  @Test
  void theAgentCannotSendAnythingButBatonVariables() {
    assertThatThrownBy(
            () ->
                SocketHookLauncher.request(
                    "true", Map.of("AWS_SHARED_CREDENTIALS_FILE", "/x"), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_SHARED_CREDENTIALS_FILE")
        .hasMessageContaining("only BATON_*");
    assertThatThrownBy(
            () ->
                SocketHookLauncher.request(
                    "true", Map.of("BATON_ROLE", "active\nAWS_PROFILE=x"), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line break");
  }

  @Test
  void exitCodeOutputAndRoleVariablesComeBackThroughTheRunner() throws Exception {
    HookResult r =
        launcher(Map.of("PATH", "/usr/bin:/bin"))
            .run(
                "echo role=$BATON_ROLE epoch=$BATON_EPOCH region=$BATON_REGION"
                    + " previous=$BATON_PREVIOUS_ROLE; echo oops >&2; exit 3",
                ROLE_ENV,
                Duration.ofSeconds(10));

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.output()).isEqualTo("role=active epoch=4 region=nyc1 previous=standby\noops");
  }

  @Test
  void onlyTheTailOfAChattyHookComesBackMarkedAsCut() throws Exception {
    HookResult r =
        launcher(Map.of("PATH", "/usr/bin:/bin"))
            .run(
                "i=0; while [ $i -lt 2000 ]; do echo line-$i; i=$((i+1)); done",
                Map.of(),
                Duration.ofSeconds(10));

    assertThat(r.succeeded()).isTrue();
    assertThat(r.output()).startsWith("...").endsWith("line-1999");
    assertThat(r.output().length()).isLessThanOrEqualTo(HookProcess.OUTPUT_TAIL_BYTES + 3);
  }

  @Test
  void aHangingHookIsKilledAtItsTimeout() throws Exception {
    HookResult r =
        launcher(Map.of("PATH", "/usr/bin:/bin"))
            .run("echo started; sleep 600", Map.of(), Duration.ofMillis(500));

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.killedProcesses()).isEqualTo(HookResult.UNKNOWN_COUNT);
    assertThat(r.output()).isEqualTo("started");
    assertThat(r.took()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aHookThatKillsItselfEarlyIsNotATimeout() throws Exception {
    HookResult r =
        launcher(Map.of("PATH", "/usr/bin:/bin"))
            .run("kill -9 $$", Map.of(), Duration.ofSeconds(10));

    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isEqualTo(137);
  }

  @Test
  void aMissingRunnerIsAFailedHookNamingTheSocket() throws Exception {
    Path socket = dir.resolve("no-such.sock");

    HookResult r =
        new SocketHookLauncher(socket, "baton-agent").run("true", Map.of(), Duration.ofSeconds(1));

    assertThat(r.succeeded()).isFalse();
    assertThat(r.output())
        .contains("cannot reach the hook runner at " + socket, "baton-agent-hooks.socket");
  }

  @Test
  void aRunnerThatEndsWithoutAResultIsAFailedHook() {
    SocketHookLauncher.Answer a =
        SocketHookLauncher.parse("killed half-way".getBytes(StandardCharsets.UTF_8));

    assertThat(a.result().succeeded()).isFalse();
    assertThat(a.result().output())
        .startsWith("the hook runner ended without a result")
        .endsWith("killed half-way");
  }

  @Test
  void theRunnerRefusesARequestItDoesNotUnderstand() throws Exception {
    SocketHookLauncher l = launcher(Map.of("PATH", "/usr/bin:/bin"));

    HookResult r = l.run("", Map.of(), Duration.ofSeconds(5));

    assertThat(r.succeeded()).isFalse();
    assertThat(r.output()).isEqualTo("baton-agent-hook: the request has no command");
  }
}
