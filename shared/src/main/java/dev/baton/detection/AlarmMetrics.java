package dev.baton.detection;

import dev.baton.domain.Alarm;
import dev.baton.observability.MetricNames;

/** The metric each alarm fires (the template's CloudWatch alarms watch these names). */
final class AlarmMetrics {
  private AlarmMetrics() {}

  static String metricOf(Alarm alarm) {
    return switch (alarm) {
      case OBSERVER_SUSPECT -> MetricNames.OBSERVER_SUSPECT;
      case TOTAL_OUTAGE -> MetricNames.TOTAL_OUTAGE;
      case NO_HEALTHY_TARGET -> MetricNames.NO_HEALTHY_TARGET;
      case FLAP_LIMIT_FROZEN, FROZEN_BLOCKED_FAILOVER -> MetricNames.FROZEN;
      case COOLDOWN_BLOCKED_FAILOVER -> MetricNames.COOLDOWN_BLOCKED_FAILOVER;
      case ACTIVE_REGION_UNKNOWN -> MetricNames.ACTIVE_REGION_UNKNOWN;
      case PERSPECTIVE_SUSPECT -> MetricNames.PERSPECTIVE_SUSPECT;
    };
  }
}
