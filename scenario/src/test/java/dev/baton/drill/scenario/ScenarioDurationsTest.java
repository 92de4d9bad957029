package dev.baton.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.config.DurationText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What durations a scenario file accepts where (the grammar itself: shared's DurationTextTest):
 * lengths and times without a sign everywhere, a sign only on skew-clock's offset.
 */
class ScenarioDurationsTest {
  private final ScenarioParser parser = new ScenarioParser();

  private static final String WORLD =
      """
      name: t
      aws:
        replicas: [us-east-1, eu-west-1]
      regions:
        - {name: nyc1, awsRegion: us-east-1, instances: 2}
        - {name: ams3, awsRegion: eu-west-1}
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
  void decimalsConcatenatedPartsMillisecondsAndIsoAreAccepted() {
    Scenario s =
        parse(
            WORLD
                + """
                timings: {heartbeatInterval: 2.5s, staleAfter: PT6S}
                sweepInterval: 1m30s
                timeline:
                  - {at: 1.5s, do: slow-app nyc1/2 1.25s}
                  - {at: 1m0.5s, do: lag-replication eu-west-1 750ms}
                  - {at: PT1M10S, do: freeze, expect: mode FROZEN within 0.5m}
                """,
            null);
    assertThat(s.timings().heartbeatInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(s.timings().staleAfter()).isEqualTo(Duration.ofSeconds(6));
    assertThat(s.sweepInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.timeline())
        .extracting(TimelineEntry::at)
        .containsExactly(
            Duration.ofMillis(1500), Duration.ofMillis(60_500), Duration.ofSeconds(70));
    assertThat(s.timeline())
        .extracting(TimelineEntry::action)
        .containsExactly(
            new DrillAction.SlowApp(new Target("nyc1", 2), Duration.ofMillis(1250)),
            new DrillAction.LagReplication("eu-west-1", Duration.ofMillis(750)),
            new DrillAction.Freeze("drill: freeze"));
    assertThat(s.expectations().get(0).window())
        .isEqualTo(new Window(Duration.ofSeconds(70), Duration.ofSeconds(100)));
  }

  @Test
  void skewClockOffsetsMayBeSignedOrNot() {
    Scenario s =
        parse(
            WORLD
                + """
                timeline:
                  - {at: 1s, do: skew-clock nyc1/1 -1m30s}
                  - {at: 2s, do: skew-clock nyc1/2 +1.5s}
                  - {at: 3s, do: skew-clock ams3 40s}
                """,
            null);
    assertThat(s.timeline())
        .extracting(TimelineEntry::action)
        .containsExactly(
            new DrillAction.SkewClock(new Target("nyc1", 1), Duration.ofSeconds(-90)),
            new DrillAction.SkewClock(new Target("nyc1", 2), Duration.ofMillis(1500)),
            new DrillAction.SkewClock(new Target("ams3", 0), Duration.ofSeconds(40)));
  }

  @Test
  void aSignAnywhereButSkewClockIsRejectedNamingLineFieldAndRule() {
    List<ScenarioProblem> problems =
        problems(
            """
            name: t
            aws:
              replicas: [us-east-1, eu-west-1]
              replicationDelay: +1s..2s
            regions:
              - {name: nyc1, awsRegion: us-east-1}
              - {name: ams3, awsRegion: eu-west-1}
            timings:
              failAfter: -15s
            duration: 100s
            timeline:
              - at: -5s
                do: freeze
              - at: 5s
                do: slow-app nyc1 +3s
              - at: 6s
                do: lag-replication eu-west-1 -1s
              - at: 7s
                expect: mode FROZEN within -5s
            """);
    String unsigned = DurationText.UNSIGNED_RULE;
    assertThat(problems)
        .extracting(ScenarioProblem::toString)
        .containsExactly(
            "line 9: timings.failAfter: " + unsigned + ", was '-15s'",
            "line 4: aws.replicationDelay: must be a duration (2s) or a range MIN..MAX"
                + " (500ms..1s): "
                + unsigned
                + ", was '+1s'",
            "line 12: timeline[0].at: " + unsigned + ", was '-5s'",
            "line 15: timeline[1].do: DELAY " + unsigned + ", was '+3s'",
            "line 17: timeline[2].do: DELAY " + unsigned + ", was '-1s'",
            "line 19: timeline[3].expect: the value after 'within' " + unsigned + ", was '-5s'");
  }

  @Test
  void aNumberWithoutAUnitIsRejectedInTextsToo() {
    List<ScenarioProblem> problems =
        problems(
            WORLD
                + """
                timeline:
                  - {at: 1s, do: slow-app nyc1 3}
                  - {at: 2s, do: skew-clock nyc1 -40}
                  - {at: 3s, expect: mode AUTO for 10}
                """);
    assertThat(problems)
        .extracting(ScenarioProblem::rule)
        .containsExactly(
            "DELAY " + DurationText.RULE + ", was '3'",
            "OFFSET " + DurationText.RULE + ", was '-40'",
            "the value after 'for' " + DurationText.RULE + ", was '10'");
  }

  @Test
  void theScaleAppliesToDecimalsToTheMillisecond() {
    Scenario s =
        parse(
            WORLD
                + """
                timeline:
                  - {at: 12.5s, do: skew-clock nyc1 -1.25s}
                """,
            0.1);
    assertThat(s.timeline().get(0).at()).isEqualTo(Duration.ofMillis(1250));
    assertThat(s.timeline().get(0).action())
        .isEqualTo(new DrillAction.SkewClock(new Target("nyc1", 0), Duration.ofMillis(-125)));
  }

  @Test
  void actionsPrintTheirDurationsInTheFormAScenarioReadsBack() {
    List<DrillAction> actions =
        List.of(
            new DrillAction.SlowApp(new Target("nyc1", 2), Duration.ofMillis(1250)),
            new DrillAction.SkewClock(new Target("nyc1", 1), Duration.ofSeconds(-90)),
            new DrillAction.SkewClock(new Target("ams3", 0), Duration.ofMinutes(60)),
            new DrillAction.LagReplication("eu-west-1", Duration.ofSeconds(150)),
            new DrillAction.LagReplication("us-east-1", Duration.ZERO));
    assertThat(actions)
        .extracting(DrillAction::text)
        .containsExactly(
            "slow-app nyc1/2 1.25s",
            "skew-clock nyc1/1 -1m30s",
            "skew-clock ams3 +1h",
            "lag-replication eu-west-1 2m30s",
            "lag-replication us-east-1 0s");

    StringBuilder timeline = new StringBuilder(WORLD).append("timeline:\n");
    actions.forEach(a -> timeline.append("  - {at: 1s, do: ").append(a.text()).append("}\n"));
    assertThat(parse(timeline.toString(), null).timeline())
        .extracting(TimelineEntry::action)
        .containsExactlyElementsOf(actions);
  }
}
