package dev.baton.agent.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookEnvironmentTest {
  /** What the unit file and the SDK's credential chain may put in the agent's environment. */
  private static final Map<String, String> AGENT_ENV =
      Map.ofEntries(
          Map.entry("PATH", "/usr/bin:/bin"),
          Map.entry("LANG", "C.UTF-8"),
          Map.entry("AWS_ACCESS_KEY_ID", "access-key-example"),
          Map.entry("AWS_SECRET_ACCESS_KEY", "secret-example"),
          Map.entry("AWS_SESSION_TOKEN", "token-example"),
          Map.entry("AWS_SHARED_CREDENTIALS_FILE", "/etc/baton-agent/aws-credentials"),
          Map.entry("AWS_CONFIG_FILE", "/etc/baton-agent/aws-config"),
          Map.entry("AWS_PROFILE", "baton"),
          Map.entry("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"),
          Map.entry("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"),
          Map.entry("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/example"),
          Map.entry("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-token-example"),
          Map.entry("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/container-token"),
          Map.entry("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/baton-agent-nyc1"),
          Map.entry("AWS_DEFAULT_PROFILE", "baton"),
          Map.entry("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9911"),
          Map.entry("aws_secret_access_key", "lower-case-example"),
          Map.entry("CREDENTIALS_DIRECTORY", "/run/credentials/baton-agent.service"));

  @Test
  void aHookSeesNoAwsVariableAndNoCredentialsDirectory() {
    Map<String, String> env = HookEnvironment.of(AGENT_ENV, Map.of("BATON_ROLE", "active"));

    assertThat(env)
        .containsOnly(
            Map.entry("PATH", "/usr/bin:/bin"),
            Map.entry("LANG", "C.UTF-8"),
            Map.entry("BATON_ROLE", "active"));
  }

  @Test
  void aRunningHooksEnvironmentHasNoneOfTheAgentsCredentialVariables() throws Exception {
    HookResult r =
        HookProcess.run("env", AGENT_ENV, Map.of("BATON_ROLE", "standby"), Duration.ofSeconds(10));

    assertThat(r.succeeded()).isTrue();
    assertThat(r.output()).contains("BATON_ROLE=standby", "PATH=/usr/bin:/bin");
    assertThat(r.output().lines())
        .noneMatch(line -> line.toUpperCase().startsWith("AWS_"))
        .noneMatch(line -> line.startsWith("CREDENTIALS_DIRECTORY="));
    assertThat(r.output())
        .doesNotContain(
            "secret-example",
            "token-example",
            "access-key-example",
            "container-token-example",
            "/etc/baton-agent/aws-credentials",
            "/etc/baton-agent/aws-config",
            "/run/credentials");
  }

  @Test
  void aHookRunThroughTheRunnerSeesNoAwsVariableEvenWhenItsUnitHasSome(@TempDir Path dir)
      throws Exception {
    // The runner's unit sets no AWS variable; should a drop-in add some, the runner drops them.
    try (HookRunnerStandIn runner = new HookRunnerStandIn(dir.resolve("hooks.sock"), AGENT_ENV)) {
      HookResult r =
          new SocketHookLauncher(runner.socket(), "baton-agent")
              .run("env", Map.of("BATON_ROLE", "standby"), Duration.ofSeconds(10));

      assertThat(r.succeeded()).isTrue();
      assertThat(r.output()).contains("BATON_ROLE=standby", "PATH=/usr/bin:/bin");
      assertThat(r.output().lines())
          .noneMatch(line -> line.toUpperCase().startsWith("AWS_"))
          .noneMatch(line -> line.startsWith("CREDENTIALS_DIRECTORY="));
      assertThat(r.output())
          .doesNotContain(
              "secret-example",
              "token-example",
              "access-key-example",
              "/etc/baton-agent/aws-credentials",
              "/run/credentials");
    }
  }

  @Test
  void theAgentCannotHandAnAwsVariableToAHookByMistake() {
    assertThatThrownBy(() -> HookEnvironment.of(Map.of(), Map.of("AWS_PROFILE", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_PROFILE");
  }
}
