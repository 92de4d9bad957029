package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatonAgentCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) throws InterruptedException {
    return new BatonAgentCommand(
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noCommandIsAUsageError() throws Exception {
    assertThat(run(Map.of())).isEqualTo(64);
    assertThat(err()).startsWith("baton-agent: a command is required").contains("Usage:");
  }

  @Test
  void unknownCommandsAndOptionsAreNamed() throws Exception {
    assertThat(run(Map.of(), "start")).isEqualTo(64);
    assertThat(err()).startsWith("baton-agent: unknown command 'start'");
    err.reset();
    assertThat(run(Map.of(), "run", "--verbose")).isEqualTo(64);
    assertThat(err()).startsWith("baton-agent: unknown option '--verbose'");
    err.reset();
    assertThat(run(Map.of(), "run", "--config")).isEqualTo(64);
    assertThat(err()).startsWith("baton-agent: --config needs a file name");
  }

  @Test
  void checkConfigReadsTheFileNamedByOptionOrEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        region: nyc1
        instanceId: web-1
        table: baton
        aws: {region: us-east-1}
        probe: {url: "http://127.0.0.1:8080/health"}
        """);

    assertThat(run(Map.of(), "check-config", "-c", file.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("configuration valid: AgentConfig[");
    assertThat(run(Map.of("BATON_AGENT_CONFIG", file.toString()), "check-config")).isZero();
    assertThat(run(Map.of(), "check-config", "--config=" + dir.resolve("missing.yaml")))
        .isEqualTo(78);
    assertThat(err()).contains("missing.yaml: file not found");
  }

  @Test
  void runRefusesAnInvalidConfigWithExitCode78(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, "region: nyc1\n");

    assertThat(run(Map.of(), "run", "--config", file.toString())).isEqualTo(78);
    assertThat(err()).contains("invalid agent configuration (3 problems)");
  }

  @Test
  void versionAndHelp() throws Exception {
    assertThat(run(Map.of(), "--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("baton-agent ");
    out.reset();
    assertThat(run(Map.of(), "help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("drain").contains("--config FILE");
  }
}
