package dev.baton.agent.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.role.Role;
import dev.baton.agent.role.RoleChange;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleHooksTest {
  @TempDir Path dir;

  private static AgentConfig.Hooks hooks(String onActive, Path socket) {
    return new AgentConfig.Hooks(onActive, null, null, Duration.ofSeconds(10), socket);
  }

  @Test
  void withTheRunnersSocketHooksRunThroughIt() throws Exception {
    Path socket = dir.resolve("hooks.sock");
    RecordingLogger log = new RecordingLogger();
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));

      HookLauncher launcher = RoleHooks.launcherFor(hooks("true", socket), "baton-agent", log);

      assertThat(launcher).isInstanceOf(SocketHookLauncher.class);
      assertThat(log.lines)
          .containsExactly(
              "INFO hooks run as the hook runner's user (baton-hooks) through " + socket);
    }
  }

  @Test
  void withoutTheRunnersSocketTheAgentSaysOnceThatHooksRunAsItsOwnUser() {
    Path socket = dir.resolve("missing.sock");
    RecordingLogger log = new RecordingLogger();

    HookLauncher launcher = RoleHooks.launcherFor(hooks("true", socket), "baton-agent", log);

    assertThat(launcher).isNotInstanceOf(SocketHookLauncher.class);
    assertThat(log.lines).hasSize(1);
    assertThat(log.lines.get(0))
        .startsWith("WARN the hook runner's socket " + socket + " does not exist")
        .contains(
            "baton-agent-hooks.socket",
            "hooks run as the agent's own user (baton-agent) instead of baton-hooks",
            "its AWS credentials included");
  }

  @Test
  void hooksSocketNoneIsSaidToo() {
    RecordingLogger log = new RecordingLogger();

    HookLauncher launcher = RoleHooks.launcherFor(hooks("true", null), "dev", log);

    assertThat(launcher).isNotInstanceOf(SocketHookLauncher.class);
    assertThat(log.lines)
        .singleElement()
        .asString()
        .startsWith("WARN hooks.socket is none: hooks run as the agent's own user (dev)");
  }

  @Test
  void withoutAnyHookNothingIsSaid() {
    RecordingLogger log = new RecordingLogger();

    RoleHooks.launcherFor(hooks(null, dir.resolve("missing.sock")), "baton-agent", log);

    assertThat(log.lines).isEmpty();
  }

  @Test
  void aRoleChangeReachesTheHookThroughTheRunnerWithItsVariables() throws Exception {
    Path out = dir.resolve("seen");
    try (HookRunnerStandIn runner =
            new HookRunnerStandIn(dir.resolve("hooks.sock"), Map.of("PATH", "/usr/bin:/bin"));
        RoleHooks roleHooks =
            new RoleHooks(
                "nyc1",
                hooks(
                    "echo $BATON_REGION $BATON_ROLE $BATON_EPOCH $BATON_PREVIOUS_ROLE > " + out,
                    runner.socket()),
                Executors.newSingleThreadExecutor(),
                new SocketHookLauncher(runner.socket(), "baton-agent"))) {

      roleHooks.onChange(new RoleChange(Role.STANDBY, Role.ACTIVE, 7, Instant.EPOCH, "test"));

      assertThat(roleHooks.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(Files.readString(out)).isEqualTo("nyc1 active 7 standby\n");
  }
}
