package dev.baton.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
  private static final String MINIMAL =
      """
      region: nyc1
      table: baton
      aws:
        region: us-east-1
      probe:
        url: http://127.0.0.1:8080/health
      """;

  private static AgentConfigLoader loader(Map<String, String> env) {
    return new AgentConfigLoader(env, () -> "droplet-7");
  }

  private static InvalidConfigException invalid(String yaml, Map<String, String> env) {
    try {
      loader(env).parse(yaml, "agent.yaml");
    } catch (InvalidConfigException e) {
      return e;
    }
    throw new AssertionError("expected the configuration to be refused");
  }

  @Test
  void minimalFileGetsTheDocumentedDefaults() {
    AgentConfig c = loader(Map.of()).parse(MINIMAL, "agent.yaml");

    assertThat(c.instanceId()).isEqualTo("droplet-7");
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.heartbeatJitter()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.heartbeatTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(c.fenceAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.probe().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.probe().slowAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.probe().expectedStatus()).isEqualTo(200);
    assertThat(c.probe().expectedBody()).isNull();
    assertThat(c.hooks().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.hooks().socket()).isEqualTo(Path.of("/run/baton-agent-hooks.sock"));
    assertThat(c.listen()).isEqualTo(new AgentConfig.Listen("127.0.0.1", 7601));
    assertThat(c.stateFile()).isEqualTo(Path.of("/var/lib/baton-agent/state"));
    assertThat(c.allowUnsynchronisedClock()).isFalse();
    assertThat(c.outsideProbes()).as("on unless turned off").isTrue();
    assertThat(c.awsEndpoint()).isNull();
  }

  @Test
  void everyFieldOfTheExampleFileIsRead() throws Exception {
    Path example = Path.of("packaging/agent.example.yaml");
    AgentConfig c = loader(Map.of()).load(example);

    assertThat(c.region()).isEqualTo("nyc1");
    assertThat(c.hooks().onFenced()).isNotBlank();
    assertThat(c.probe().expectedBody()).isNotBlank();
  }

  @Test
  void thePackagesTemplateIsRefusedUntilItsPlaceholdersAreFilledIn() {
    Path template = Path.of("packaging/deb/agent.yaml");

    InvalidConfigException e =
        catchThrowableOfType(() -> loader(Map.of()).load(template), InvalidConfigException.class);

    assertThat(e.problems())
        .extracting(ConfigProblem::field)
        .containsExactlyInAnyOrder("region", "table", "aws.region", "probe.url");
    AgentConfig filledIn =
        loader(
                Map.of(
                    "BATON_AGENT_REGION", "nyc1",
                    "BATON_AGENT_TABLE", "baton",
                    "BATON_AGENT_AWS_REGION", "us-east-1",
                    "BATON_AGENT_PROBE_URL", "http://127.0.0.1:8080/health"))
            .load(template);
    assertThat(filledIn.instanceId()).isEqualTo("droplet-7");
  }

  @Test
  void environmentOverridesTheFile() {
    AgentConfig c =
        loader(
                Map.of(
                    "BATON_AGENT_REGION", "ams3",
                    "BATON_AGENT_HEARTBEAT_INTERVAL", "3s",
                    "BATON_AGENT_PROBE_EXPECTED_BODY", "green",
                    "BATON_AGENT_HOOKS_ON_FENCED", "systemctl stop app",
                    "BATON_AGENT_AWS_ENDPOINT", "http://127.0.0.1:5000",
                    "BATON_AGENT_ALLOW_UNSYNCHRONISED_CLOCK", "true",
                    "BATON_AGENT_CONFIG", "/etc/whatever.yaml"))
            .parse(MINIMAL, "agent.yaml");

    assertThat(c.region()).isEqualTo("ams3");
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.probe().expectedBody()).isEqualTo("green");
    assertThat(c.hooks().onFenced()).isEqualTo("systemctl stop app");
    assertThat(c.awsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:5000"));
    assertThat(c.allowUnsynchronisedClock()).isTrue();
  }

  @Test
  void outsideProbesAreTurnedOffInTheFileOrTheEnvironment() {
    AgentConfig inFile = loader(Map.of()).parse(MINIMAL + "outsideProbes: false\n", "agent.yaml");
    AgentConfig inEnv =
        loader(Map.of("BATON_AGENT_OUTSIDE_PROBES", "false")).parse(MINIMAL, "agent.yaml");
    InvalidConfigException e = invalid(MINIMAL + "outsideProbes: sometimes\n", Map.of());

    assertThat(inFile.outsideProbes()).isFalse();
    assertThat(inEnv.outsideProbes()).isFalse();
    assertThat(e.getMessage()).contains("outsideProbes: must be true or false, was 'sometimes'");
  }

  @Test
  void variableNamesFollowTheYamlPath() {
    assertThat(AgentConfigLoader.variableFor("heartbeat.interval"))
        .isEqualTo("BATON_AGENT_HEARTBEAT_INTERVAL");
    assertThat(AgentConfigLoader.variableFor("hooks.onFenced"))
        .isEqualTo("BATON_AGENT_HOOKS_ON_FENCED");
    assertThat(AgentConfigLoader.variableFor("allowUnsynchronisedClock"))
        .isEqualTo("BATON_AGENT_ALLOW_UNSYNCHRONISED_CLOCK");
  }

  @Test
  void everyProblemIsListedInOneMessageNamingFieldAndRule() {
    String yaml =
        """
        region: New York
        table: baton
        aws:
          region: us-east-1
          endpont: http://127.0.0.1:5000
        heartbeat:
          interval: 5
          jitter: 4s
        fenceAfter: 3s
        probe:
          url: ftp://example.com/health
          timeout: 10s
          expectedStatus: 1000
        hooks:
          timeout: 1h
        listen:
          address: 0.0.0.0
        stateFile: state
        allowUnsynchronisedClock: maybe
        """;
    InvalidConfigException e = invalid(yaml, Map.of("BATON_AGENT_FENCE_AFTR", "20s"));

    assertThat(e.problems())
        .extracting(ConfigProblem::field)
        .containsExactlyInAnyOrder(
            "aws.endpont",
            "BATON_AGENT_FENCE_AFTR",
            "heartbeat.interval",
            "allowUnsynchronisedClock",
            "region",
            "probe.url",
            "probe.expectedStatus",
            "hooks.timeout",
            "listen.address",
            "stateFile");
    assertThat(e.getMessage())
        .startsWith("invalid agent configuration (10 problems):")
        .contains("aws.endpont: unknown field; known fields: controlRegions, endpoint, region")
        .contains("BATON_AGENT_FENCE_AFTR: unknown environment variable")
        .contains("heartbeat.interval: must be a duration with a unit such as 500ms, 5s")
        .contains("allowUnsynchronisedClock: must be true or false, was 'maybe'")
        .contains("region: must be a DigitalOcean region slug such as nyc1 or ams3")
        .contains("probe.url: must be an absolute http(s) URL")
        .contains("probe.expectedStatus: must be an HTTP status code")
        .contains("hooks.timeout: must be at most 10m")
        .contains("listen.address: must be a loopback address")
        .contains("stateFile: must be an absolute path");
  }

  @Test
  void timingRulesRelateToTheInterval() {
    String yaml =
        MINIMAL
            + """
            heartbeat:
              interval: 2s
              jitter: 1500ms
              ttl: 10s
            fenceAfter: 3s
            """;
    String probeTooSlow =
        yaml.replace(
            "  url: http://127.0.0.1:8080/health",
            "  url: http://127.0.0.1:8080/health\n  timeout: 2s\n  slowAfter: 3s");
    InvalidConfigException e = invalid(probeTooSlow, Map.of());

    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactlyInAnyOrder(
            "heartbeat.jitter: must be between 0 and half of heartbeat.interval",
            "heartbeat.ttl: must be at least 10 x heartbeat.interval, so the monitor sees a"
                + " silent instance go stale before its item expires",
            "fenceAfter: must be at least 2 x heartbeat.interval: one lost write must not fence"
                + " a region",
            "probe.timeout: must be shorter than heartbeat.interval",
            "probe.slowAfter: must be shorter than probe.timeout");
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    InvalidConfigException e = invalid("", Map.of());

    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactlyInAnyOrder(
            "region: is required",
            "table: is required",
            "aws.region: is required",
            "probe.url: is required");
  }

  @Test
  void aValueFromTheEnvironmentSaysWhereItCameFrom() {
    InvalidConfigException e = invalid(MINIMAL, Map.of("BATON_AGENT_LISTEN_PORT", "http"));

    assertThat(e.getMessage())
        .contains("listen.port: must be a whole number, was 'http' (from BATON_AGENT_LISTEN_PORT)");
  }

  @Test
  void brokenYamlIsReportedWithItsPosition() {
    InvalidConfigException e = invalid("region: nyc1\n  table: [", Map.of());

    assertThat(e.problems()).first().extracting(ConfigProblem::field).isEqualTo("agent.yaml");
    assertThat(e.getMessage()).contains("is not valid YAML at line");
  }

  @Test
  void aMissingFileIsOneClearProblem(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> loader(Map.of()).load(missing))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(missing + ": file not found");
  }

  @Test
  void durationsUseTheSharedSyntaxAndProblemsNameTheFieldAndWhereTheValueCameFrom() {
    AgentConfig c =
        loader(Map.of("BATON_AGENT_FENCE_AFTER", "PT12S"))
            .parse(MINIMAL + "heartbeat:\n  interval: 2.5s\n  ttl: 1h30m\n", "agent.yaml");
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.heartbeatTtl()).isEqualTo(Duration.ofMinutes(90));
    assertThat(c.fenceAfter()).isEqualTo(Duration.ofSeconds(12));

    InvalidConfigException e =
        invalid(MINIMAL + "heartbeat:\n  interval: 5\n", Map.of("BATON_AGENT_FENCE_AFTER", "-10s"));
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            new ConfigProblem(
                "heartbeat.interval",
                "must be a duration with a unit such as 500ms, 5s, 1.5s, 2m, 1m30s or 1h"
                    + " (or ISO-8601 PT5S), was '5'"),
            new ConfigProblem(
                "fenceAfter",
                "must be a duration without a sign, such as 5s or 1m30s, was '-10s'"
                    + " (from BATON_AGENT_FENCE_AFTER)"));
  }

  @Test
  void hooksSocketIsAnAbsolutePathOrNone() {
    assertThat(
            loader(Map.of())
                .parse(MINIMAL + "hooks:\n  socket: /run/other.sock\n", "agent.yaml")
                .hooks()
                .socket())
        .isEqualTo(Path.of("/run/other.sock"));
    assertThat(
            loader(Map.of("BATON_AGENT_HOOKS_SOCKET", "none"))
                .parse(MINIMAL, "agent.yaml")
                .hooks()
                .socket())
        .isNull();
  }

  @Test
  void aRelativeOrTooLongHooksSocketIsRefusedNamingTheFieldAndTheRule() {
    assertThat(invalid(MINIMAL + "hooks:\n  socket: hooks.sock\n", Map.of()).problems())
        .containsExactly(
            new ConfigProblem(
                "hooks.socket",
                "must be an absolute path of the hook runner's socket (at most 107 bytes) or none,"
                    + " was 'hooks.sock'"));
    String tooLong = "/run/" + "x".repeat(103);
    assertThat(invalid(MINIMAL, Map.of("BATON_AGENT_HOOKS_SOCKET", tooLong)).getMessage())
        .contains(
            "hooks.socket: must be an absolute path of the hook runner's socket (at most 107");
  }

  @Test
  void withoutControlRegionsTheAgentUsesAwsRegionAlone() {
    AgentConfig c = loader(Map.of()).parse(MINIMAL, "agent.yaml");

    assertThat(c.awsRegion()).isEqualTo("us-east-1");
    assertThat(c.controlRegions()).isEmpty();
  }

  @Test
  void controlRegionsAreReadNearestFirst() {
    AgentConfig c =
        loader(Map.of())
            .parse(
                MINIMAL.replace(
                    "  region: us-east-1\n",
                    "  region: us-east-1\n  controlRegions: [us-east-1, us-east-2, us-west-2]\n"),
                "agent.yaml");

    assertThat(c.controlRegions()).containsExactly("us-east-1", "us-east-2", "us-west-2");
  }

  @Test
  void controlRegionsFromTheEnvironmentAreCommaSeparated() {
    AgentConfig c =
        loader(Map.of("BATON_AGENT_AWS_CONTROL_REGIONS", "us-east-1, us-east-2,us-west-2"))
            .parse(MINIMAL, "agent.yaml");

    assertThat(c.controlRegions()).containsExactly("us-east-1", "us-east-2", "us-west-2");
  }

  @Test
  void controlRegionsMustBeTheTableThreeRegions() {
    InvalidConfigException e =
        invalid(
            MINIMAL.replace(
                "  region: us-east-1\n",
                "  region: us-east-1\n  controlRegions: [us-east-1, us-east-2]\n"),
            Map.of());

    assertThat(e.problems())
        .extracting(ConfigProblem::field, ConfigProblem::rule)
        .containsExactly(
            tuple(
                "aws.controlRegions",
                "must list the control table's 3 replica regions, each once (a strongly"
                    + " consistent table has exactly three), was [us-east-1, us-east-2]"));
  }

  @Test
  void controlRegionsMustNotRepeatARegion() {
    InvalidConfigException e =
        invalid(
            MINIMAL.replace(
                "  region: us-east-1\n",
                "  region: us-east-1\n  controlRegions: [us-east-1, us-east-2, us-east-1]\n"),
            Map.of());

    assertThat(e.problems()).extracting(ConfigProblem::field).containsExactly("aws.controlRegions");
    assertThat(e.getMessage()).contains("each once");
  }

  @Test
  void controlRegionsStartWithTheNearestReplica() {
    InvalidConfigException e =
        invalid(
            MINIMAL.replace(
                "  region: us-east-1\n",
                "  region: us-east-1\n  controlRegions: [us-east-2, us-east-1, us-west-2]\n"),
            Map.of());

    assertThat(e.problems()).extracting(ConfigProblem::field).containsExactly("aws.controlRegions");
    assertThat(e.getMessage()).contains("must start with aws.region (us-east-1)");
  }

  @Test
  void eachControlRegionMustBeAnAwsRegion() {
    InvalidConfigException e =
        invalid(
            MINIMAL.replace(
                "  region: us-east-1\n",
                "  region: us-east-1\n  controlRegions: [us-east-1, ohio, us-west-2]\n"),
            Map.of());

    assertThat(e.problems())
        .extracting(ConfigProblem::field, ConfigProblem::rule)
        .containsExactly(
            tuple("aws.controlRegions[1]", "must be an AWS region such as us-east-2, was 'ohio'"));
  }

  @Test
  void controlRegionsMustBeAList() {
    InvalidConfigException e =
        invalid(
            MINIMAL.replace(
                "  region: us-east-1\n", "  region: us-east-1\n  controlRegions: us-east-1\n"),
            Map.of());

    assertThat(e.problems())
        .extracting(ConfigProblem::field, ConfigProblem::rule)
        .containsExactly(
            tuple(
                "aws.controlRegions", "must be a list such as [us-east-1, us-east-2, us-west-2]"));
  }
}
