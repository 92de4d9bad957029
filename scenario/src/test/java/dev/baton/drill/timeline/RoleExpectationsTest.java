package dev.baton.drill.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.drill.scenario.Expectation;
import dev.baton.drill.scenario.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** single-active, agents-active and traffic-at on the synthetic region-outage drill. */
class RoleExpectationsTest {
  private static final Map<String, Integer> INSTANCES = Map.of("nyc1", 2, "ams3", 2);
  private final ExpectationJudge clean =
      new ExpectationJudge(SyntheticDrill.withRoles(false), INSTANCES);
  private final ExpectationJudge overlapping =
      new ExpectationJudge(SyntheticDrill.withRoles(true), INSTANCES);

  private static Window w(double from, double to) {
    return new Window(SyntheticDrill.s(from), SyntheticDrill.s(to));
  }

  private static Expectation.SingleActive singleActive(double from, double to) {
    return new Expectation.SingleActive(w(from, to), "single-active");
  }

  @Test
  void singleActivePassesWhenOneRegionStepsDownBeforeTheOtherTakesOver() {
    ExpectationResult r = clean.judge(singleActive(0, 180));
    assertThat(r.passed()).isTrue();
    assertThat(r.detail()).isEqualTo("at no instant did agents of two regions report active");
    assertThat(r.metAt()).isNull();
  }

  @Test
  void singleActiveFailsNamingTheFirstInstantTheRegionsAndTheTotal() {
    ExpectationResult r = overlapping.judge(singleActive(0, 180));
    assertThat(r.passed()).isFalse();
    assertThat(r.detail())
        .isEqualTo(
            "ams3 and nyc1 reported active at once from 46.9s; dual-active 400 ms in the window");
  }

  @Test
  void singleActiveCountsOnlyTheDualActiveTimeInsideItsWindow() {
    ExpectationResult from = overlapping.judge(singleActive(47.1, 60));
    assertThat(from.passed()).isFalse();
    assertThat(from.detail()).contains("from 47.1s; dual-active 200 ms in the window");
    ExpectationResult until = overlapping.judge(singleActive(0, 47));
    assertThat(until.detail()).contains("from 46.9s; dual-active 100 ms in the window");
    assertThat(overlapping.judge(singleActive(0, 46.9)).passed()).isTrue();
    assertThat(overlapping.judge(singleActive(47.3, 180)).passed()).isTrue();
  }

  @Test
  void singleActiveCountsSpansWhenRolesFlap() {
    List<DrillEvent> events = new ArrayList<>(SyntheticDrill.withRoles(false));
    // nyc1-1 flaps back to active three times, for 50, 100 and 150 ms, while ams3 is active.
    double[][] flaps = {{100, 100.05}, {110, 110.1}, {120, 120.15}};
    for (double[] flap : flaps) {
      events.add(
          new DrillEvent.AgentRoleChanged(
              SyntheticDrill.s(flap[0]), "nyc1", "nyc1-1", "standby", "active"));
      events.add(
          new DrillEvent.AgentRoleChanged(
              SyntheticDrill.s(flap[1]), "nyc1", "nyc1-1", "active", "standby"));
    }
    events.sort(java.util.Comparator.comparing(DrillEvent::at));
    ExpectationResult r = new ExpectationJudge(events, INSTANCES).judge(singleActive(0, 180));
    assertThat(r.detail())
        .isEqualTo(
            "ams3 and nyc1 reported active at once from 1m40s; dual-active 300 ms in the window"
                + " (3 spans, the longest 150 ms)");
  }

  @Test
  void singleActiveFailsWhenNoRoleWasSampledRatherThanPassingOnNothing() {
    ExpectationResult r =
        new ExpectationJudge(SyntheticDrill.regionOutage(), INSTANCES).judge(singleActive(0, 180));
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).isEqualTo("no agent's role was sampled by 3m");
  }

  @Test
  void agentsActiveHoldsOnceEveryRunningAgentOfTheRegionReportsActive() {
    ExpectationResult r =
        clean.judge(
            new Expectation.AgentsActive(
                "ams3", w(30, 60), false, "agents-active ams3 within 30s"));
    assertThat(r.passed()).isTrue();
    // ams3-1 alone is not enough: at 46.9 s ams3-2 is still a standby.
    assertThat(r.metAt()).isEqualTo(SyntheticDrill.s(47.0));
    assertThat(r.detail())
        .isEqualTo(
            "ams3's agents were ams3-1=standby ams3-2=standby, then ams3-1=active"
                + " ams3-2=standby (46.9s), then ams3-1=active ams3-2=active (47s)");
  }

  @Test
  void agentsActiveIgnoresAgentsThatDoNotRunButNeedsOneRunning() {
    List<DrillEvent> events =
        List.of(
            new DrillEvent.AgentRoleChanged(
                Duration.ofSeconds(1), "ams3", "ams3-1", null, "active"),
            new DrillEvent.AgentRoleChanged(Duration.ofSeconds(1), "ams3", "ams3-2", null, "down"),
            new DrillEvent.AgentRoleChanged(
                Duration.ofSeconds(5), "ams3", "ams3-1", "active", "down"));
    ExpectationJudge j = new ExpectationJudge(events, INSTANCES);
    assertThat(
            j.judge(
                    new Expectation.AgentsActive(
                        "ams3", w(2, 4), true, "agents-active ams3 for 2s"))
                .passed())
        .isTrue();
    ExpectationResult none =
        j.judge(new Expectation.AgentsActive("ams3", w(6, 6), false, "agents-active ams3"));
    assertThat(none.passed()).isFalse();
    assertThat(none.detail()).isEqualTo("ams3's agents were ams3-1=down ams3-2=down");
  }

  @Test
  void agentsActiveThroughoutFailsWhenAnAgentStepsDownInTheWindow() {
    ExpectationResult r =
        clean.judge(
            new Expectation.AgentsActive(
                "ams3", w(50, 165), true, "agents-active ams3 until 165s"));
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("then ams3-1=standby ams3-2=active (2m40.4s)");
  }

  @Test
  void agentsActiveBeforeTheFirstSampleIsNotMet() {
    ExpectationResult r =
        clean.judge(
            new Expectation.AgentsActive(
                "nyc1", Window.instant(Duration.ZERO), false, "agents-active nyc1"));
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).isEqualTo("nyc1's agents were not sampled yet");
  }

  @Test
  void trafficAtHoldsWhenTheLastRouterFollows() {
    ExpectationResult r =
        clean.judge(
            new Expectation.TrafficAt("ams3", w(30, 60), false, "traffic-at ams3 within 30s"));
    assertThat(r.passed()).isTrue();
    assertThat(r.metAt()).isEqualTo(SyntheticDrill.s(47.1));
    assertThat(
            clean
                .judge(
                    new Expectation.TrafficAt(
                        "ams3", w(30, 47), false, "traffic-at ams3 within 17s"))
                .detail())
        .isEqualTo(
            "the routers pointed at cloudflare-dns=nyc1 do-global-lb=nyc1, then"
                + " cloudflare-dns=nyc1 do-global-lb=ams3 (46.8s)");
  }

  @Test
  void trafficAtThroughoutFailsOnAnUnreadableRouter() {
    List<DrillEvent> events = new ArrayList<>(SyntheticDrill.withRoles(false));
    events.add(
        new DrillEvent.RouterTargetChanged(SyntheticDrill.s(90), "do-global-lb", "ams3", "?"));
    events.add(
        new DrillEvent.RouterTargetChanged(SyntheticDrill.s(90.2), "do-global-lb", "?", "ams3"));
    events.sort(java.util.Comparator.comparing(DrillEvent::at));
    ExpectationJudge j = new ExpectationJudge(events, INSTANCES);
    ExpectationResult r =
        j.judge(new Expectation.TrafficAt("ams3", w(50, 150), true, "traffic-at ams3 until 150s"));
    assertThat(r.passed()).isFalse();
    assertThat(r.detail()).contains("do-global-lb=? (1m30s)");
  }
}
