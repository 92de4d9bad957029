package dev.baton.drill.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Alarm;
import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionHealth;
import dev.baton.drill.scenario.Expectation;
import dev.baton.drill.scenario.Target;
import dev.baton.drill.scenario.Window;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectationJudgeTest {
  private final ExpectationJudge judge =
      new ExpectationJudge(SyntheticDrill.regionOutage(), Map.of("nyc1", 2, "ams3", 2));

  private static Window w(double from, double to) {
    return new Window(SyntheticDrill.s(from), SyntheticDrill.s(to));
  }

  @Test
  void theDefaultScenarioPassesOnItsSyntheticTimeline() {
    DrillResult result = SyntheticDrill.result();
    assertThat(result.expectations())
        .allSatisfy(e -> assertThat(e.passed()).as(e.toString()).isTrue());
    assertThat(result.passed()).isTrue();
  }

  @Test
  void activeRegionWithinPassesWhenTheBatonArrivesInTheWindowAndSaysWhen() {
    ExpectationResult r =
        judge.judge(
            new Expectation.ActiveRegion(
                "ams3", w(30, 60), false, "active-region ams3 within 30s"));
    assertThat(r.passed()).isTrue();
    assertThat(r.metAt()).isEqualTo(Duration.ofMillis(46_520));
  }

  @Test
  void activeRegionFailsWhenTheBatonArrivesTooLate() {
    ExpectationResult r =
        judge.judge(
            new Expectation.ActiveRegion(
                "ams3", w(30, 40), false, "active-region ams3 within 10s"));
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).isEqualTo("the baton was at nyc1");
  }

  @Test
  void throughoutFailsWhenTheStateChangesInsideTheWindow() {
    ExpectationResult r =
        judge.judge(
            new Expectation.ActiveRegion(
                "ams3", w(50, 165), true, "active-region ams3 until 165s"));
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("ams3, then nyc1 (2m40.11s)");
  }

  @Test
  void regionCountsAsHealthyBeforeItsFirstStoredState() {
    assertThat(
            judge
                .judge(
                    new Expectation.RegionHealthIs(
                        "nyc1",
                        RegionHealth.HEALTHY,
                        Window.instant(Duration.ofSeconds(5)),
                        false,
                        "x"))
                .passed())
        .isTrue();
  }

  @Test
  void noPromotionCountsHandOversInTheWindowOnly() {
    assertThat(
            judge.judge(new Expectation.AtMostPromotions(0, w(65, 145), "no-promotion")).passed())
        .isTrue();
    ExpectationResult all =
        judge.judge(new Expectation.AtMostPromotions(1, w(0, 180), "at-most 1 promotions"));
    assertThat(all.passed()).isFalse();
    assertThat(all.detail())
        .isEqualTo(
            "the baton moved 2 times: to ams3 at 46.52s (epoch 2), to nyc1 at 2m40.11s (epoch 3)");
  }

  @Test
  void modeIsReadFromTheBaton() {
    assertThat(
            judge
                .judge(new Expectation.ModeIs(BatonMode.AUTO, w(0, 180), false, "mode AUTO"))
                .passed())
        .isTrue();
    assertThat(
            judge
                .judge(new Expectation.ModeIs(BatonMode.FROZEN, w(0, 180), false, "mode FROZEN"))
                .passed())
        .isFalse();
  }

  @Test
  void alarmAndFailedStepAndFenceMustHappenInTheWindow() {
    List<DrillEvent> events =
        List.of(
            new DrillEvent.AlarmRaised(Duration.ofSeconds(10), "ObserverSuspect", "all silent"),
            new DrillEvent.PromotionStep(
                Duration.ofSeconds(21),
                "p",
                "SHIFT_TRAFFIC",
                Duration.ofSeconds(20),
                "FAILED",
                3,
                "500"),
            new DrillEvent.AgentFence(
                Duration.ofSeconds(30), "nyc1", "nyc1-1", true, "no write for 20s"),
            new DrillEvent.AgentFence(
                Duration.ofSeconds(31), "nyc1", "nyc1-2", true, "no write for 20s"));
    ExpectationJudge j = new ExpectationJudge(events, Map.of("nyc1", 2));
    assertThat(
            j.judge(new Expectation.AlarmRaised(Alarm.OBSERVER_SUSPECT, w(0, 20), "alarm"))
                .passed())
        .isTrue();
    ExpectationResult late =
        j.judge(new Expectation.AlarmRaised(Alarm.OBSERVER_SUSPECT, w(11, 20), "alarm"));
    assertThat(late.passed()).isFalse();
    assertThat(late.detail()).contains("it happened at 10s");
    assertThat(
            j.judge(new Expectation.PromotionFailedAtStep("shift-traffic", w(0, 30), "x")).passed())
        .isTrue();
    assertThat(j.judge(new Expectation.PromotionFailedAtStep("verify", w(0, 30), "x")).passed())
        .isFalse();
    assertThat(j.judge(new Expectation.AgentFenced(new Target("nyc1", 0), w(0, 40), "x")).passed())
        .isTrue();
    ExpectationResult partly =
        j.judge(new Expectation.AgentFenced(new Target("nyc1", 0), w(0, 30), "x"));
    assertThat(partly.passed()).isFalse();
    assertThat(partly.detail()).startsWith("1 of 2 agent(s) of nyc1");
  }
}
