package dev.baton.drill.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementsTest {
  @Test
  void detectionRunsFromTheLatestFaultToTheAutomaticRequest() {
    Measurements m = Measurements.of(SyntheticDrill.regionOutage());
    assertThat(m.fault()).isEqualTo("stop-app nyc1");
    assertThat(m.detection()).contains(Duration.ofMillis(16_400));
  }

  @Test
  void failoverRunsFromTheFaultToTheEndOfTheTrafficShift() {
    Measurements m = Measurements.of(SyntheticDrill.regionOutage());
    assertThat(m.promotionId()).isEqualTo("p-0001");
    // shift-traffic of p-0001 ends at 46.45 + 0.02 + 0.05 + 0.58 = 47.10 s.
    assertThat(m.failover()).contains(Duration.ofMillis(17_100));
  }

  @Test
  void aFailoverThatLostTheClaimToAnotherMonitorIsNotTheOneMeasured() {
    List<DrillEvent> events = new java.util.ArrayList<>(SyntheticDrill.regionOutage());
    DrillEvent.PromotionRequested first =
        events.stream()
            .filter(DrillEvent.PromotionRequested.class::isInstance)
            .map(DrillEvent.PromotionRequested.class::cast)
            .findFirst()
            .orElseThrow();
    // A second monitor's request lost the claim and ended before the winner did.
    events.add(
        new DrillEvent.PromotionEnded(
            first.at().plusMillis(10),
            "p-loser",
            "AUTO_FAILOVER",
            "nyc1",
            "ams3",
            0,
            "SUPERSEDED",
            "at claim: not acting: epoch moved to 2 (ams3 active)"));
    events.sort(java.util.Comparator.comparing(DrillEvent::at));

    Measurements m = Measurements.of(events);

    assertThat(m.promotionId()).isEqualTo("p-0001");
    assertThat(m.failover()).contains(Duration.ofMillis(17_100));
  }

  @Test
  void manualPromotionsAreNotMeasured() {
    List<DrillEvent> onlyManual =
        SyntheticDrill.regionOutage().stream()
            .filter(e -> !(e instanceof DrillEvent.PromotionRequested r) || !r.automatic())
            .toList();
    assertThat(Measurements.of(onlyManual)).isEqualTo(Measurements.NONE);
    assertThat(Measurements.NONE.detection()).isEmpty();
  }

  @Test
  void stepNamesCompareWithoutCaseOrSeparators() {
    assertThat(Measurements.isTrafficShift("SHIFT_TRAFFIC")).isTrue();
    assertThat(Measurements.isTrafficShift("shift-traffic:do-global-lb")).isTrue();
    assertThat(Measurements.isTrafficShift("verify")).isFalse();
  }
}
