package dev.baton.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.Alarm;
import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionHealth;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {
  private final ScenarioParser parser = new ScenarioParser();

  private static final String BASE =
      """
      name: t
      regions:
        - {name: nyc1, instances: 2}
        - {name: ams3}
      duration: 100s
      """;

  private Scenario parse(String text) {
    return parser.parse(text, "test.yaml", null);
  }

  private List<ScenarioProblem> problems(String text) {
    try {
      parse(text);
    } catch (InvalidScenarioException e) {
      return e.problems();
    }
    throw new AssertionError("expected the scenario to be rejected");
  }

  @Test
  void readsRegionsTimelineAndExpectations() {
    Scenario s =
        parse(
            BASE
                + """
                timeline:
                  - at: 30s
                    do: stop-app nyc1
                    expect: active-region ams3 within 25s
                  - at: 60s
                    do: failback nyc1
                    reason: back home
                """);
    assertThat(s.regions())
        .containsExactly(new ScenarioRegion("nyc1", 0, 2), new ScenarioRegion("ams3", 1, 1));
    assertThat(s.initialActiveRegion()).isEqualTo("nyc1");
    assertThat(s.timeline())
        .extracting(TimelineEntry::action)
        .containsExactly(
            new DrillAction.StopApp(new Target("nyc1", 0)),
            new DrillAction.Failback("nyc1", false, "back home"));
    assertThat(s.expectations())
        .containsExactly(
            new Expectation.ActiveRegion(
                "ams3",
                new Window(Duration.ofSeconds(30), Duration.ofSeconds(55)),
                false,
                "active-region ams3 within 25s"));
    assertThat(s.routers()).containsExactly("do-global-lb", "cloudflare-dns");
  }

  @Test
  void scaleMultipliesEveryDurationOfTheFile() {
    Scenario s =
        parser.parse(
            BASE
                + """
                timings: {failAfter: 20s}
                timeline:
                  - at: 30s
                    do: slow-app nyc1/2 4s
                    expect: no-promotion for 10s
                """,
            "t",
            0.5);
    assertThat(s.scale()).isEqualTo(0.5);
    assertThat(s.duration()).isEqualTo(Duration.ofSeconds(50));
    assertThat(s.timings().failAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.timings().heartbeatInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(s.policy().minAutoPromotionGap()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.sweepInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.timeline().get(0).at()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.timeline().get(0).action())
        .isEqualTo(new DrillAction.SlowApp(new Target("nyc1", 2), Duration.ofSeconds(2)));
    assertThat(s.expectations().get(0).window())
        .isEqualTo(new Window(Duration.ofSeconds(15), Duration.ofSeconds(20)));
  }

  @Test
  void stateExpectationWithoutModifierHoldsAtItsInstantOrAtTheEnd() {
    Scenario s =
        parse(
            BASE
                + """
                timeline:
                  - at: 10s
                    expect: [mode FROZEN, alarm observer-suspect, region-health ams3 healthy until 40s]
                expect:
                  - active-region ams3
                  - at-most 1 promotions
                """);
    assertThat(s.expectations())
        .containsExactly(
            new Expectation.ModeIs(
                BatonMode.FROZEN, Window.instant(Duration.ofSeconds(10)), false, "mode FROZEN"),
            new Expectation.AlarmRaised(
                Alarm.OBSERVER_SUSPECT,
                new Window(Duration.ofSeconds(10), Duration.ofSeconds(100)),
                "alarm observer-suspect"),
            new Expectation.RegionHealthIs(
                "ams3",
                RegionHealth.HEALTHY,
                new Window(Duration.ofSeconds(10), Duration.ofSeconds(40)),
                true,
                "region-health ams3 healthy until 40s"),
            new Expectation.ActiveRegion(
                "ams3", Window.instant(Duration.ofSeconds(100)), false, "active-region ams3"),
            new Expectation.AtMostPromotions(
                1, new Window(Duration.ZERO, Duration.ofSeconds(100)), "at-most 1 promotions"));
  }

  @Test
  void readsProviderFaultsAndManualCommands() {
    Scenario s =
        parse(
            BASE
                + """
                timeline:
                  - {at: 1s, do: provider-fail digitalocean 3 5xx}
                  - {at: 2s, do: provider-fail cloudflare 1 timeout}
                  - {at: 3s, do: switchover ams3, force: true}
                  - {at: 4s, do: resume}
                  - {at: 5s, do: resume p-123}
                  - {at: 6s, do: skew-clock ams3/1 -30s}
                  - {at: 7s, do: freeze}
                  - {at: 8s, do: reconcile}
                """);
    assertThat(s.timeline())
        .extracting(TimelineEntry::action)
        .containsExactly(
            new DrillAction.ProviderFail("digitalocean", 3, ProviderFailure.SERVER_ERROR),
            new DrillAction.ProviderFail("cloudflare", 1, ProviderFailure.TIMEOUT),
            new DrillAction.Switchover("ams3", true, "drill: switchover ams3"),
            new DrillAction.Resume(null, "drill: resume"),
            new DrillAction.Resume("p-123", "drill: resume p-123"),
            new DrillAction.SkewClock(new Target("ams3", 1), Duration.ofSeconds(-30)),
            new DrillAction.Freeze("drill: freeze"),
            new DrillAction.Reconcile("drill: reconcile"));
  }

  @Test
  void timelineIsOrderedByTime() {
    Scenario s =
        parse(
            BASE
                + """
                timeline:
                  - {at: 20s, do: start-app nyc1}
                  - {at: 10s, do: stop-app nyc1}
                """);
    assertThat(s.timeline()).extracting(e -> e.at().toSeconds()).containsExactly(10L, 20L);
  }

  @Test
  void unknownActionNamesTheFieldTheKnownActionsAndTheLine() {
    List<ScenarioProblem> problems =
        problems(
            BASE
                + """
                timeline:
                  - at: 5s
                    do: stop-ap nyc1
                """);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).field()).isEqualTo("timeline[0].do");
    assertThat(problems.get(0).rule()).contains("unknown action 'stop-ap'").contains("stop-app");
    assertThat(problems.get(0).line()).isEqualTo(8);
  }

  @Test
  void targetsMustBeRegionsAndInstancesOfTheScenario() {
    List<ScenarioProblem> problems =
        problems(
            BASE
                + """
                timeline:
                  - {at: 5s, do: stop-app sfo3}
                  - {at: 5s, do: kill-agent ams3/2}
                  - {at: 5s, do: failback nyc1/1}
                """);
    assertThat(problems)
        .extracting(ScenarioProblem::field)
        .containsExactly("timeline[0].do", "timeline[1].do", "timeline[2].do");
    assertThat(problems.get(0).rule()).contains("unknown region 'sfo3'").contains("[nyc1, ams3]");
    assertThat(problems.get(1).rule()).contains("ams3 has instances 1..1");
    assertThat(problems.get(2).rule()).contains("takes a region, not an instance");
  }

  @Test
  void everyMissingRequiredFieldIsReportedAtOnce() {
    List<ScenarioProblem> problems = problems("description: nothing else\n");
    assertThat(problems)
        .extracting(ScenarioProblem::field)
        .containsExactlyInAnyOrder("name", "regions", "duration");
  }

  @Test
  void unsafeTimingsAreRejectedWithTheDomainRule() {
    List<ScenarioProblem> problems =
        problems(BASE + "timings: {heartbeatInterval: 10s}\ntimeline: []\n");
    assertThat(problems).extracting(ScenarioProblem::field).containsExactly("timings.staleAfter");
    assertThat(problems.get(0).rule()).contains(">= 2 x heartbeatInterval");
  }

  @Test
  void durationsWithoutUnitAreRejected() {
    List<ScenarioProblem> problems = problems(BASE + "timeline:\n  - {at: 5, do: freeze}\n");
    assertThat(problems.get(0).field()).isEqualTo("timeline[0].at");
    assertThat(problems.get(0).rule()).contains("must carry a unit: write 5s");
  }

  @Test
  void expectationWindowMustEndWithinTheDrill() {
    List<ScenarioProblem> problems =
        problems(
            BASE
                + """
                timeline:
                  - at: 90s
                    expect: active-region ams3 within 20s
                """);
    assertThat(problems.get(0).field()).isEqualTo("timeline[0].expect");
    assertThat(problems.get(0).rule())
        .contains("its window [1m30s, 1m50s] ends after the drill ends (1m40s)");
  }

  @Test
  void unknownFieldsAreNamed() {
    List<ScenarioProblem> problems =
        problems(BASE + "timline: []\ntimeline:\n  - {at: 1s, doo: freeze}\n");
    assertThat(problems)
        .extracting(ScenarioProblem::field)
        .contains("timline", "timeline[0].doo", "timeline[0]");
  }

  @Test
  void malformedExpectationsSayTheForm() {
    List<ScenarioProblem> problems =
        problems(
            BASE
                + """
                expect:
                  - at-most two promotions
                  - promotion-failed-at-step shift
                  - alarm FIRE
                  - mode SLEEPING
                """
                + "timeline: []\n");
    assertThat(problems)
        .extracting(ScenarioProblem::field)
        .containsExactly("expect[0]", "expect[1]", "expect[2]", "expect[3]");
    assertThat(problems.get(0).rule()).contains("N must be a whole number");
    assertThat(problems.get(1).rule()).contains("shift-traffic");
    assertThat(problems.get(2).rule()).contains("OBSERVER_SUSPECT");
    assertThat(problems.get(3).rule()).contains("[AUTO, FROZEN]");
  }

  @Test
  void notYamlReportsTheLine() {
    List<ScenarioProblem> problems = problems("name: x\nregions: [\n");
    assertThat(problems.get(0).rule()).contains("is not valid YAML");
    assertThat(problems.get(0).line()).isGreaterThan(0);
  }

  @Test
  void messageListsEveryProblemWithItsLine() {
    assertThatThrownBy(() -> parse("name: x\nduration: 5\n"))
        .isInstanceOf(InvalidScenarioException.class)
        .hasMessageContaining("invalid scenario test.yaml (2 problems)")
        .hasMessageContaining("line 2: duration: must carry a unit")
        .hasMessageContaining("regions: is required");
  }

  // Role and traffic expectations (their syntax in detail: ExpectationTextTest).

  @Test
  void roleAndTrafficExpectationsReadInTimelineEntriesAndAtTheTopLevel() {
    Scenario s =
        parse(
            BASE
                + """
                timeline:
                  - at: 30s
                    do: stop-app nyc1
                    expect:
                      - agents-active ams3 within 25s
                      - traffic-at ams3 within 30s
                      - single-active until 90s
                expect: single-active
                """);
    assertThat(s.expectations())
        .containsExactly(
            new Expectation.AgentsActive(
                "ams3",
                new Window(Duration.ofSeconds(30), Duration.ofSeconds(55)),
                false,
                "agents-active ams3 within 25s"),
            new Expectation.TrafficAt(
                "ams3",
                new Window(Duration.ofSeconds(30), Duration.ofSeconds(60)),
                false,
                "traffic-at ams3 within 30s"),
            new Expectation.SingleActive(
                new Window(Duration.ofSeconds(30), Duration.ofSeconds(90)),
                "single-active until 90s"),
            new Expectation.SingleActive(
                new Window(Duration.ZERO, Duration.ofSeconds(100)), "single-active"));
  }

  @Test
  void singleActiveWithinIsRejectedWithItsField() {
    List<ScenarioProblem> problems =
        problems(
            BASE
                + """
                timeline:
                  - at: 30s
                    expect: single-active within 10s
                """);
    assertThat(problems.get(0).field()).isEqualTo("timeline[0].expect");
    assertThat(problems.get(0).rule()).contains("use 'for D' or 'until T'");
  }
}
