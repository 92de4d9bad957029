package dev.baton.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Alarm;
import dev.baton.observability.MetricNames;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The alarms the template watches fire the metric names it expects. */
class AlarmMetricsTest {

  @Test
  void theTemplatesAlarmMetricsAreTheOnesItWatches() {
    assertThat(AlarmMetrics.metricOf(Alarm.OBSERVER_SUSPECT)).isEqualTo("ObserverSuspect");
    assertThat(AlarmMetrics.metricOf(Alarm.TOTAL_OUTAGE)).isEqualTo("TotalOutage");
    assertThat(AlarmMetrics.metricOf(Alarm.NO_HEALTHY_TARGET)).isEqualTo("NoHealthyTarget");
    assertThat(AlarmMetrics.metricOf(Alarm.FLAP_LIMIT_FROZEN)).isEqualTo("Frozen");
    assertThat(AlarmMetrics.metricOf(Alarm.FROZEN_BLOCKED_FAILOVER)).isEqualTo("Frozen");
  }

  @Test
  void everyAlarmHasAMetric() {
    assertThat(Arrays.stream(Alarm.values()).map(AlarmMetrics::metricOf))
        .doesNotContainNull()
        .contains(MetricNames.COOLDOWN_BLOCKED_FAILOVER, MetricNames.ACTIVE_REGION_UNKNOWN);
  }
}
