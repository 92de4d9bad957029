package dev.baton.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.FailoverPolicy;
import dev.baton.domain.InvalidConfigException;
import dev.baton.domain.Timings;
import dev.baton.domain.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {
  private static final Path EXAMPLE = Path.of("../examples/topology.yaml");

  /** Two valid regions and one router; tests append or replace sections. */
  private static final String REGIONS =
      """
      regions:
        - name: nyc1
          priority: 1
          awsRegion: us-east-1
          publicAddress: 203.0.113.10
        - name: ams3
          priority: 2
          awsRegion: eu-west-1
          publicAddress: 198.51.100.20
      """;

  private static final String ROUTERS =
      """
      routers:
        - type: do-global-lb
          settings:
            loadBalancerId: glb-1
      """;

  private static Topology parse(String yaml) {
    return TopologyLoader.parse(yaml, "test.yaml");
  }

  private static List<ConfigProblem> problems(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems in:\n" + yaml);
  }

  private static String fields(List<ConfigProblem> problems) {
    return problems.stream().map(ConfigProblem::field).toList().toString();
  }

  @Test
  void theExampleTopologyLoads() {
    Topology t = TopologyLoader.load(EXAMPLE);

    assertThat(t.app()).isEqualTo("shop");
    assertThat(t.regionNamesByPriority()).containsExactly("nyc1", "ams3");
    assertThat(t.region("ams3").orElseThrow().healthUrl())
        .isEqualTo("https://ams3.shop.example.com/health");
    assertThat(t.routers())
        .extracting(r -> r.type())
        .containsExactly("do-global-lb", "cloudflare-dns");
    assertThat(t.routers().get(1).setting("ttl")).isEqualTo("60");
    assertThat(t.timings()).isEqualTo(Timings.DEFAULTS);
    assertThat(t.policy()).isEqualTo(FailoverPolicy.DEFAULTS);
  }

  @Test
  void jsonAndYamlDocumentsLoadAlike() {
    String json =
        """
        {"app":"shop",
         "regions":[{"name":"nyc1","priority":1,"awsRegion":"us-east-1"},
                    {"name":"ams3","priority":2,"awsRegion":"eu-west-1"}],
         "routers":[{"type":"do-global-lb","settings":{"loadBalancerId":"glb-1"}}],
         "timings":{"failAfter":"PT20S"},
         "policy":{"quorum":0.5}}
        """;
    Topology fromJson = parse(json);
    Topology fromYaml =
        parse(
            "app: shop\n"
                + REGIONS
                    .replace("    publicAddress: 203.0.113.10\n", "")
                    .replace("    publicAddress: 198.51.100.20\n", "")
                + ROUTERS
                + "timings:\n  failAfter: 20s\npolicy:\n  quorum: 0.5\n");

    assertThat(fromJson).isEqualTo(fromYaml);
    assertThat(fromJson.timings().failAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(fromJson.policy().quorum()).isEqualTo(0.5);
  }

  @Test
  void missingTimingsAndPolicyTakeTheDefaults() {
    Topology t = parse("app: shop\n" + REGIONS + ROUTERS);

    assertThat(t.timings()).isEqualTo(Timings.DEFAULTS);
    assertThat(t.policy()).isEqualTo(FailoverPolicy.DEFAULTS);
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    Topology t =
        parse(
            "app: shop\n"
                + REGIONS
                + ROUTERS
                + """
                timings:
                  heartbeatInterval: 2500ms
                  staleAfter: PT6S
                  failAfter: 1m
                  recoverAfter: 1m30s
                  startupGrace: 0s
                  membershipWindow: 1h
                  maxClockSkew: 2s
                """);

    assertThat(t.timings().heartbeatInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(t.timings().staleAfter()).isEqualTo(Duration.ofSeconds(6));
    assertThat(t.timings().failAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(t.timings().recoverAfter()).isEqualTo(Duration.ofSeconds(90));
    assertThat(t.timings().startupGrace()).isEqualTo(Duration.ZERO);
    assertThat(t.timings().membershipWindow()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aDurationWithoutAUnitIsAProblem() {
    assertThat(problems("app: shop\n" + REGIONS + ROUTERS + "timings:\n  failAfter: 15\n"))
        .containsExactly(new ConfigProblem("timings.failAfter", DurationText.RULE + ", was '15'"));
  }

  @Test
  void unsafeTimingsNameTheFieldAndTheRule() {
    List<ConfigProblem> problems =
        problems(
            "app: shop\n"
                + REGIONS
                + ROUTERS
                + "timings:\n  heartbeatInterval: 5s\n  staleAfter: 8s\n  failAfter: 6s\n");

    assertThat(problems)
        .extracting(ConfigProblem::field)
        .containsExactly("timings.staleAfter", "timings.failAfter");
    assertThat(problems.get(0).rule()).startsWith("must be >= 2 x heartbeatInterval (PT10S)");
    assertThat(problems.get(1).rule()).startsWith("must be >= staleAfter (PT8S)");
  }

  @Test
  void fewerThanTwoRegionsIsAProblem() {
    String one =
        "app: shop\nregions:\n  - name: nyc1\n    priority: 1\n    awsRegion: us-east-1\n"
            + ROUTERS;

    assertThat(problems(one))
        .containsExactly(
            new ConfigProblem(
                "regions", "must list at least two regions to fail over between, had 1"));
  }

  @Test
  void aDuplicateRegionIsAProblem() {
    String yaml = "app: shop\n" + REGIONS.replace("name: ams3", "name: nyc1") + ROUTERS;

    assertThat(problems(yaml))
        .containsExactly(
            new ConfigProblem(
                "regions[1].name", "duplicate region 'nyc1' (also regions[0]): each region once"));
  }

  @Test
  void aDuplicatePriorityIsAProblem() {
    String yaml = "app: shop\n" + REGIONS.replace("priority: 2", "priority: 1") + ROUTERS;

    assertThat(fields(problems(yaml))).isEqualTo("[regions[1].priority]");
  }

  @Test
  void anUnknownRegionNameOrAwsRegionIsAProblem() {
    String yaml =
        "app: shop\n"
            + REGIONS.replace("name: ams3", "name: amsterdam").replace("eu-west-1", "europe")
            + ROUTERS;

    List<ConfigProblem> problems = problems(yaml);

    assertThat(fields(problems)).isEqualTo("[regions[1].name, regions[1].awsRegion]");
    assertThat(problems.get(0).rule()).contains("DigitalOcean region slug");
    assertThat(problems.get(1).rule()).contains("AWS region such as us-east-1");
  }

  @Test
  void unknownFieldsAreProblemsInEverySection() {
    String yaml =
        "app: shop\nowner: bob\n"
            + REGIONS.replace("priority: 2", "priority: 2\n    prio: 3")
            + ROUTERS.replace("type: do-global-lb", "type: do-global-lb\n    name: glb")
            + "timings:\n  failafter: 15s\npolicy:\n  cooldown: 10m\n";

    List<ConfigProblem> problems = problems(yaml);

    assertThat(fields(problems))
        .isEqualTo("[owner, regions[1].prio, routers[0].name, timings.failafter, policy.cooldown]");
    assertThat(problems.get(3).rule()).contains("is not a known field; known: [failAfter,");
  }

  @Test
  void anUnknownRouterTypeIsAProblem() {
    assertThat(problems("app: shop\n" + REGIONS + "routers:\n  - type: nginx\n"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("routers[0].type");
              assertThat(p.rule()).startsWith("unknown router type 'nginx'; known: [");
            });
  }

  @Test
  void aDnsRouterNeedsEveryRegionsPublicAddress() {
    String yaml =
        "app: shop\n"
            + REGIONS.replace("    publicAddress: 198.51.100.20\n", "")
            + "routers:\n  - type: cloudflare-dns\n    settings: {zone: example.com, recordName: shop}\n";

    assertThat(problems(yaml))
        .containsExactly(
            new ConfigProblem(
                "regions[1].publicAddress",
                "is required: the cloudflare-dns router points DNS at the active region's"
                    + " address"));
  }

  @Test
  void aHealthUrlMustBeAnHttpUrl() {
    String yaml =
        "app: shop\n"
            + REGIONS.replace(
                "awsRegion: us-east-1", "awsRegion: us-east-1\n    healthUrl: nyc1/health")
            + ROUTERS;

    assertThat(fields(problems(yaml))).isEqualTo("[regions[0].healthUrl]");
  }

  @Test
  void routerSettingsAreSingleValues() {
    String yaml =
        "app: shop\n"
            + REGIONS
            + "routers:\n  - type: route53\n    settings:\n      hostedZoneId: Z1\n"
            + "      recordName: [a, b]\n";

    assertThat(fields(problems(yaml))).isEqualTo("[routers[0].settings.recordName]");
  }

  @Test
  void everyProblemOfEverySectionIsInOneMessage() {
    String yaml =
        """
        regions:
          - name: nyc1
            priority: 1
            awsRegion: us-east-1
          - name: nyc1
            priority: -1
        routers:
          - type: nginx
        timings:
          heartbeatInterval: 5s
          staleAfter: 5s
          failAfter: 4s
        policy:
          maxAutoPromotions: 0
          flapWindow: soon
        """;

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("invalid topology in test.yaml (8 problems):\n")
        .hasMessageContaining("  - app: is required")
        .hasMessageContaining("  - regions[1].awsRegion: is required")
        .hasMessageContaining("  - regions[1].priority: must be >= 0, was -1")
        .hasMessageContaining("  - regions[1].name: duplicate region 'nyc1'")
        .hasMessageContaining("  - routers[0].type: unknown router type 'nginx'")
        .hasMessageContaining("  - timings.staleAfter: must be >= 2 x heartbeatInterval")
        .hasMessageContaining("  - timings.failAfter: must be >= staleAfter")
        .hasMessageContaining("  - policy.flapWindow: " + DurationText.RULE + ", was 'soon'");
  }

  @Test
  void malformedYamlIsOneProblemWithItsLine() {
    assertThat(problems("app: shop\nregions: [\n  - nyc1\n"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("(document)");
              assertThat(p.rule()).startsWith("is not valid YAML or JSON").contains("line ");
            });
  }

  @Test
  void aDuplicateKeyIsNotSilentlyOverwritten() {
    assertThat(problems("app: shop\napp: other\n" + REGIONS + ROUTERS))
        .singleElement()
        .satisfies(p -> assertThat(p.rule()).contains("Duplicate field 'app'"));
  }

  @Test
  void anEmptyDocumentIsAProblem() {
    assertThat(fields(problems(""))).isEqualTo("[(document)]");
  }

  @Test
  void theEnvironmentGivesTheDocumentOrAFile(@TempDir Path dir) throws IOException {
    String yaml = "app: shop\n" + REGIONS + ROUTERS;
    Path file = dir.resolve("topology.yaml");
    Files.writeString(file, yaml);

    assertThat(TopologyLoader.fromEnvironment(Map.of("BATON_TOPOLOGY", yaml)).app())
        .isEqualTo("shop");
    assertThat(TopologyLoader.fromEnvironment(Map.of("BATON_TOPOLOGY_FILE", file.toString())))
        .isEqualTo(parse(yaml));
  }

  @Test
  void theEnvironmentMustNameExactlyOneSource() {
    assertThatThrownBy(() -> TopologyLoader.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BATON_TOPOLOGY")
        .hasMessageContaining("BATON_TOPOLOGY_FILE");
    assertThatThrownBy(
            () ->
                TopologyLoader.fromEnvironment(
                    Map.of("BATON_TOPOLOGY", "app: x", "BATON_TOPOLOGY_FILE", "/tmp/t.yaml")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void problemsFromTheEnvironmentNameTheVariable() {
    assertThatThrownBy(() -> TopologyLoader.fromEnvironment(Map.of("BATON_TOPOLOGY", "app: x")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("invalid topology in BATON_TOPOLOGY");
  }
}
