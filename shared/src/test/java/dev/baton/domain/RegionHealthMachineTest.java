package dev.baton.domain;

import static dev.baton.domain.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegionHealthMachineTest {
  private static final Timings T = Timings.DEFAULTS;
  private static final Instant NOW = T0.plus(Duration.ofHours(1));

  private static RegionSample up(Duration upFor) {
    return new RegionSample(true, NOW, NOW.minus(upFor), NOW, T);
  }

  private static RegionSample down(Duration downFor) {
    return new RegionSample(false, NOW.minus(downFor), null, NOW, T);
  }

  private static Optional<RegionHealth> next(RegionHealth from, RegionSample sample) {
    return RegionHealthMachine.step(from, sample).map(HealthTransition::to);
  }

  /**
   * Every combination of the inputs the guards read, with values on and around each threshold:
   * sample up or down, lastUpAt and upSince absent or at several distances from now.
   */
  static List<RegionSample> grid() {
    List<Duration> distances = new ArrayList<>();
    for (Duration threshold : List.of(T.failAfter(), T.recoverAfter(), T.staleAfter())) {
      distances.add(threshold.minusMillis(1));
      distances.add(threshold);
      distances.add(threshold.plusMillis(1));
    }
    distances.addAll(List.of(Duration.ZERO, Duration.ofDays(3), Duration.ofSeconds(-2)));
    List<Instant> instants = new ArrayList<>();
    instants.add(null);
    distances.forEach(d -> instants.add(NOW.minus(d)));
    List<RegionSample> grid = new ArrayList<>();
    for (boolean up : new boolean[] {true, false}) {
      for (Instant lastUpAt : instants) {
        for (Instant upSince : instants) {
          grid.add(new RegionSample(up, lastUpAt, upSince, NOW, T));
        }
      }
    }
    return grid;
  }

  @Test
  void noTwoTransitionsFireForTheSameStateAndSample() {
    for (RegionHealth from : RegionHealth.values()) {
      for (RegionSample sample : grid()) {
        List<HealthTransition> firing =
            RegionHealthMachine.TRANSITIONS.stream().filter(t -> t.fires(from, sample)).toList();
        assertThat(firing).as("rows firing from %s for %s", from, sample).hasSizeLessThan(2);
      }
    }
  }

  @Test
  void everyStateIsReachableFromTheInitialState() {
    Set<RegionHealth> reached = EnumSet.of(RegionHealthMachine.INITIAL);
    Deque<RegionHealth> todo = new ArrayDeque<>(reached);
    while (!todo.isEmpty()) {
      RegionHealth from = todo.pop();
      for (HealthTransition t : RegionHealthMachine.TRANSITIONS) {
        if (t.from() == from && reached.add(t.to())) {
          todo.push(t.to());
        }
      }
    }
    assertThat(reached).containsExactlyInAnyOrder(RegionHealth.values());
  }

  @Test
  void everyStateCanBeLeft() {
    Set<RegionHealth> left =
        RegionHealthMachine.TRANSITIONS.stream()
            .map(HealthTransition::from)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(RegionHealth.class)));
    assertThat(left).containsExactlyInAnyOrder(RegionHealth.values());
  }

  @Test
  void everyRowIsTakenForSomeSampleOfTheGrid() {
    for (HealthTransition t : RegionHealthMachine.TRANSITIONS) {
      assertThat(grid())
          .as("a sample firing %s -> %s", t.from(), t.to())
          .anyMatch(s -> t.fires(t.from(), s));
    }
  }

  @Test
  void chainsOfTransitionsEndForEverySample() {
    for (RegionHealth from : RegionHealth.values()) {
      for (RegionSample sample : grid()) {
        List<HealthTransition> chain = RegionHealthMachine.run(from, sample);
        assertThat(chain.size()).isLessThanOrEqualTo(RegionHealthMachine.TRANSITIONS.size());
        if (!chain.isEmpty()) {
          RegionHealth end = chain.get(chain.size() - 1).to();
          assertThat(RegionHealthMachine.step(end, sample)).as("stable after the chain").isEmpty();
        }
      }
    }
  }

  @Test
  void everyReasonPlaceholderHasAValue() {
    Set<String> known =
        Set.of(
            "region",
            "census",
            "lastUpAt",
            "downFor",
            "failAfter",
            "failAt",
            "upSince",
            "recoverAfter",
            "recoverAt");
    for (HealthTransition t : RegionHealthMachine.TRANSITIONS) {
      assertThat(known).containsAll(t.placeholders());
      assertThat(t.placeholders()).contains("region", "census");
    }
  }

  @Test
  void healthyBecomesSuspectWhenTheSampleIsDown() {
    assertThat(next(RegionHealth.HEALTHY, down(Duration.ofSeconds(1))))
        .contains(RegionHealth.SUSPECT);
  }

  @Test
  void healthyStaysHealthyWhileTheSampleIsUp() {
    assertThat(next(RegionHealth.HEALTHY, up(Duration.ofSeconds(1)))).isEmpty();
  }

  @Test
  void suspectBecomesHealthyWhenTheSampleIsUpAgain() {
    assertThat(next(RegionHealth.SUSPECT, up(Duration.ZERO))).contains(RegionHealth.HEALTHY);
  }

  @Test
  void suspectStaysSuspectUntilFailAfterSinceLastUp() {
    assertThat(next(RegionHealth.SUSPECT, down(T.failAfter().minusMillis(1)))).isEmpty();
  }

  @Test
  void suspectBecomesUnhealthyExactlyAtFailAfterSinceLastUp() {
    assertThat(next(RegionHealth.SUSPECT, down(T.failAfter()))).contains(RegionHealth.UNHEALTHY);
  }

  @Test
  void aRegionNeverSeenUpCountsAsDownForever() {
    assertThat(next(RegionHealth.SUSPECT, new RegionSample(false, null, null, NOW, T)))
        .contains(RegionHealth.UNHEALTHY);
  }

  @Test
  void unhealthyBecomesRecoveringWhenTheSampleIsUp() {
    assertThat(next(RegionHealth.UNHEALTHY, up(Duration.ZERO))).contains(RegionHealth.RECOVERING);
  }

  @Test
  void unhealthyStaysUnhealthyWhileTheSampleIsDown() {
    assertThat(next(RegionHealth.UNHEALTHY, down(Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void recoveringBecomesUnhealthyWhenTheSampleIsDownAgain() {
    assertThat(next(RegionHealth.RECOVERING, down(Duration.ZERO))).contains(RegionHealth.UNHEALTHY);
  }

  @Test
  void recoveringStaysRecoveringUntilUpForRecoverAfter() {
    assertThat(next(RegionHealth.RECOVERING, up(T.recoverAfter().minusMillis(1)))).isEmpty();
  }

  @Test
  void recoveringBecomesHealthyAfterUpContinuouslyForRecoverAfter() {
    assertThat(next(RegionHealth.RECOVERING, up(T.recoverAfter()))).contains(RegionHealth.HEALTHY);
  }

  @Test
  void aRarelyEvaluatedRegionGoesFromHealthyToUnhealthyInOneRun() {
    assertThat(RegionHealthMachine.run(RegionHealth.HEALTHY, down(T.failAfter())))
        .extracting(HealthTransition::to)
        .containsExactly(RegionHealth.SUSPECT, RegionHealth.UNHEALTHY);
  }

  @Test
  void recoveryNeverSkipsRecoveringEvenWhenUpLongEnough() {
    // UNHEALTHY -> RECOVERING -> HEALTHY in one run only when the up run is already recoverAfter
    // long, which the evaluator only sees after observing it (upSince is set when first seen up).
    assertThat(RegionHealthMachine.run(RegionHealth.UNHEALTHY, up(Duration.ZERO)))
        .extracting(HealthTransition::to)
        .containsExactly(RegionHealth.RECOVERING);
  }

  @Test
  void theDiagramHasOneEdgePerRowLabelledWithItsGuard() {
    String mermaid = RegionHealthMachine.mermaid();
    assertThat(mermaid).startsWith("```mermaid\nstateDiagram-v2\n").contains("[*] --> HEALTHY");
    for (HealthTransition t : RegionHealthMachine.TRANSITIONS) {
      assertThat(mermaid).contains(t.from() + " --> " + t.to() + ": " + t.guard().label());
    }
  }
}
