package dev.baton.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.config.DurationText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replicated world in scenario files: {@code aws:}, each region's replica, the new faults. */
class ReplicatedScenarioParserTest {
  private final ScenarioParser parser = new ScenarioParser();

  private static final String WORLD =
      """
      name: t
      aws:
        home: us-east-2
        replicas: [us-east-1, us-east-2, eu-west-1]
      regions:
        - {name: nyc1, awsRegion: us-east-1, instances: 2}
        - {name: ams3, awsRegion: eu-west-1, instances: 2}
      duration: 100s
      """;

  private Scenario parse(String text, Double scale) {
    return parser.parse(text, "test.yaml", scale);
  }

  private List<ScenarioProblem> problems(String text) {
    try {
      parse(text, null);
    } catch (InvalidScenarioException e) {
      return e.problems();
    }
    throw new AssertionError("expected the scenario to be rejected");
  }

  @Test
  void readsTheAwsSideAndEachRegionsReplica() {
    Scenario s = parse(WORLD + "timeline: []\n", null);
    assertThat(s.aws().home()).isEqualTo("us-east-2");
    assertThat(s.aws().replicas()).containsExactly("us-east-1", "us-east-2", "eu-west-1");
    assertThat(s.aws().declared()).isTrue();
    assertThat(s.aws().minDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.aws().maxDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.regions())
        .containsExactly(
            new ScenarioRegion("nyc1", 0, 2, "us-east-1"),
            new ScenarioRegion("ams3", 1, 2, "eu-west-1"));
  }

  @Test
  void withoutAwsThereIsOneReplicaAndNoReplication() {
    Scenario s =
        parse(
            """
            name: t
            regions: [{name: nyc1}, {name: ams3}]
            duration: 10s
            timeline: [{at: 1s, do: throttle-store us-east-1 0.5}]
            """,
            null);
    assertThat(s.aws()).isEqualTo(AwsSide.single());
    assertThat(s.aws().replicated()).isFalse();
    assertThat(s.regions()).extracting(ScenarioRegion::awsRegion).containsOnly("us-east-1");
  }

  @Test
  void homeDefaultsToTheFirstReplicaAndDelaysAreScaledRanges() {
    Scenario s =
        parse(
            """
            name: t
            aws: {replicas: [eu-west-1, us-east-1], replicationDelay: 2s..4s}
            regions:
              - {name: nyc1, awsRegion: us-east-1}
              - {name: ams3, awsRegion: eu-west-1}
            duration: 10s
            timeline: []
            """,
            0.5);
    assertThat(s.aws().home()).isEqualTo("eu-west-1");
    assertThat(s.aws().minDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.aws().maxDelay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void readsEveryWorldFault() {
    Scenario s =
        parse(
            WORLD
                + """
                timeline:
                  - {at: 1s, do: lag-replication us-east-1 3s}
                  - {at: 2s, do: lag-replication us-east-1 0s}
                  - {at: 3s, do: stall-replication eu-west-1}
                  - {at: 4s, do: heal-replication eu-west-1}
                  - {at: 5s, do: partition nyc1 us-east-2}
                  - {at: 6s, do: heal nyc1 us-east-2}
                  - {at: 7s, do: isolate-aws-region us-east-2}
                  - {at: 8s, do: restore-aws-region us-east-2}
                  - {at: 9s, do: throttle-store us-east-1 0.25}
                  - {at: 10s, do: throttle-store us-east-1 0}
                  - {at: 11s, do: cut-ingress nyc1}
                  - {at: 12s, do: restore-ingress nyc1}
                  - {at: 13s, do: cut-egress ams3}
                  - {at: 14s, do: restore-egress ams3}
                """,
            null);
    List<DrillAction> actions = s.timeline().stream().map(TimelineEntry::action).toList();
    assertThat(actions)
        .containsExactly(
            new DrillAction.LagReplication("us-east-1", Duration.ofSeconds(3)),
            new DrillAction.LagReplication("us-east-1", Duration.ZERO),
            new DrillAction.StallReplication("eu-west-1"),
            new DrillAction.HealReplication("eu-west-1"),
            new DrillAction.Partition("nyc1", "us-east-2"),
            new DrillAction.Heal("nyc1", "us-east-2"),
            new DrillAction.IsolateAwsRegion("us-east-2"),
            new DrillAction.RestoreAwsRegion("us-east-2"),
            new DrillAction.ThrottleStore("us-east-1", 0.25),
            new DrillAction.ThrottleStore("us-east-1", 0),
            new DrillAction.CutIngress("nyc1"),
            new DrillAction.RestoreIngress("nyc1"),
            new DrillAction.CutEgress("ams3"),
            new DrillAction.RestoreEgress("ams3"));
    // The text each prints is the text a scenario writes, and faults start measurements.
    assertThat(actions.stream().map(DrillAction::text))
        .contains(
            "lag-replication us-east-1 3s", "throttle-store us-east-1 0.25", "heal nyc1 us-east-2");
    assertThat(actions.stream().filter(DrillAction::isFault).map(DrillAction::text))
        .containsExactly(
            "lag-replication us-east-1 3s",
            "stall-replication eu-west-1",
            "partition nyc1 us-east-2",
            "isolate-aws-region us-east-2",
            "throttle-store us-east-1 0.25",
            "cut-ingress nyc1",
            "cut-egress ams3");
  }

  @Test
  void unknownAwsRegionIsRejectedWithLineFieldAndRule() {
    List<ScenarioProblem> problems =
        problems(
            """
            name: t
            aws:
              replicas: [us-east-1, mars-north-1]
            regions:
              - {name: nyc1, awsRegion: us-east-1}
              - {name: ams3, awsRegion: us-east-1}
            duration: 10s
            timeline: []
            """);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).field()).isEqualTo("aws.replicas[1]");
    assertThat(problems.get(0).rule()).contains("unknown AWS region 'mars-north-1'");
    assertThat(problems.get(0).line()).isEqualTo(3);
  }

  @Test
  void aRegionWithoutAReplicaIsRejected() {
    List<ScenarioProblem> problems =
        problems(
            """
            name: t
            aws:
              replicas: [us-east-1, eu-west-1]
            regions:
              - {name: nyc1, awsRegion: us-west-2}
              - {name: ams3}
            duration: 10s
            timeline: []
            """);
    assertThat(problems)
        .extracting(ScenarioProblem::field)
        .containsExactly("regions[0].awsRegion", "regions[1].awsRegion");
    assertThat(problems.get(0).rule())
        .contains("must name one of the table's replicas [us-east-1, eu-west-1]")
        .contains("us-west-2");
    assertThat(problems.get(0).line()).isEqualTo(5);
    assertThat(problems.get(1).rule()).contains("is required when the table has several replicas");
    assertThat(problems.get(1).line()).isEqualTo(6);
  }

  @Test
  void homeMustBeAReplica() {
    List<ScenarioProblem> problems =
        problems(
            """
            name: t
            aws: {home: us-west-2, replicas: [us-east-1]}
            regions: [{name: nyc1}, {name: ams3}]
            duration: 10s
            timeline: []
            """);
    assertThat(problems).extracting(ScenarioProblem::field).containsExactly("aws.home");
    assertThat(problems.get(0).rule()).contains("must be one of the replicas [us-east-1]");
  }

  @Test
  void aFaultNamingAnAwsRegionThatIsNoReplicaIsRejected() {
    List<ScenarioProblem> problems =
        problems(
            WORLD
                + """
                timeline:
                  - {at: 1s, do: stall-replication us-west-2}
                  - {at: 2s, do: partition nyc1 ap-south-9}
                  - {at: 3s, do: throttle-store us-east-1 1.5}
                  - {at: 4s, do: cut-ingress sfo3}
                  - {at: 5s, do: partition nyc1/1 us-east-1}
                  - {at: 6s, do: lag-replication us-east-1 -1s}
                """);
    assertThat(problems)
        .extracting(ScenarioProblem::field)
        .containsExactly(
            "timeline[0].do",
            "timeline[1].do",
            "timeline[2].do",
            "timeline[3].do",
            "timeline[4].do",
            "timeline[5].do");
    assertThat(problems.get(0).rule())
        .contains("'us-west-2' is not a replica")
        .contains("[us-east-1, us-east-2, eu-west-1]");
    assertThat(problems.get(0).line()).isEqualTo(10);
    assertThat(problems.get(1).rule()).contains("unknown AWS region").contains("ap-south-9");
    assertThat(problems.get(2).rule()).contains("FRACTION must be from 0 to 1");
    assertThat(problems.get(3).rule()).contains("unknown region 'sfo3'");
    assertThat(problems.get(4).rule()).contains("takes a region, not an instance");
    assertThat(problems.get(5).rule())
        .isEqualTo("DELAY " + DurationText.UNSIGNED_RULE + ", was '-1s'");
  }

  @Test
  void withoutAwsOnlyTheSingleReplicaMayBeNamed() {
    List<ScenarioProblem> problems =
        problems(
            """
            name: t
            regions: [{name: nyc1}, {name: ams3}]
            duration: 10s
            timeline:
              - {at: 1s, do: stall-replication eu-west-1}
              - {at: 2s, do: stall-replication us-east-1}
            """);
    assertThat(problems.get(0).rule())
        .contains("[us-east-1]")
        .contains("declare more under aws.replicas");
    assertThat(problems.get(1).rule())
        .contains("replication faults need a table with at least two replicas");
  }
}
