package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.domain.HeartbeatStatus.UNHEALTHY;
import static dev.baton.testing.TestFleet.baton;
import static dev.baton.testing.TestFleet.topology;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Heartbeat;
import dev.baton.domain.RegionHealth;
import dev.baton.observability.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, finding 10: beats from a region the topology does not name are not applied, are counted
 * in {@code RecordsIgnored} with cause {@code unknown-region}, and are logged once per instance.
 */
class UnknownRegionTest {
  private final MonitorHarness fleet = new MonitorHarness(topology("nyc1", "ams3"));
  private final List<LogRecord> warnings = new ArrayList<>();
  private final Logger log = Logger.getLogger(FleetMonitor.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            synchronized (warnings) {
              warnings.add(record);
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  UnknownRegionTest() {
    fleet.batons.put(baton("nyc1", 3));
  }

  @BeforeEach
  void listen() {
    log.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    log.removeHandler(capture);
  }

  private long unknownRegionWarnings() {
    synchronized (warnings) {
      return warnings.stream().filter(r -> r.getMessage().contains("not in the topology")).count();
    }
  }

  @Test
  void beatsFromAnUnknownRegionAreNotAppliedButCountedByCause() {
    fleet.beatAt(0, HEALTHY, HEALTHY);
    fleet.at(5);
    StreamBatchResult result =
        fleet.deliver(
            fleet.beats("nyc1", "nyc1-a", HEALTHY),
            fleet.beats("nyc9", "nyc9-a", HEALTHY),
            fleet.beats("ams3", "ams3-a", HEALTHY));
    fleet.at(10);
    fleet.deliver(fleet.beats("nyc9", "nyc9-a", HEALTHY), fleet.beats("nyc9", "nyc9-b", HEALTHY));

    assertThat(result.applied()).isEqualTo(2);
    assertThat(result.ignored()).containsExactlyEntriesOf(Map.of(IgnoredCause.UNKNOWN_REGION, 1));
    assertThat(fleet.monitor.beatsInView()).extracting(Heartbeat::region).doesNotContain("nyc9");
    assertThat(
            fleet.metrics.sum(
                MetricNames.RECORDS_IGNORED, Map.of(MetricNames.CAUSE, "unknown-region")))
        .isEqualTo(3);
    assertThat(fleet.monitor.unknownRegionInstances())
        .containsExactly("nyc9/nyc9-a", "nyc9/nyc9-b");
  }

  @Test
  void eachInstanceOfAnUnknownRegionIsLoggedOnceNotPerBeat() {
    for (int t = 0; t <= 20; t += 5) {
      fleet.at(t);
      fleet.deliver(
          fleet.beats("nyc1", "nyc1-a", HEALTHY),
          fleet.beats("nyc9", "nyc9-a", HEALTHY),
          fleet.beats("nyc9", "nyc9-b", HEALTHY));
    }

    assertThat(unknownRegionWarnings()).isEqualTo(2);
    synchronized (warnings) {
      assertThat(warnings)
          .filteredOn(r -> r.getMessage().contains("not in the topology"))
          .allSatisfy(r -> assertThat(r.getMessage()).contains("nyc9/nyc9-"));
    }
  }

  @Test
  void anUnknownRegionNeitherHoldsUpNorHidesAnOutageOfTheActiveRegion() {
    // nyc1's only agent reports down while a stray agent claiming "nyc9" beats healthy: Baton
    // judges nyc1 down and the stray beats count for nothing (no observer alarm, no new region).
    for (int t = 0; t <= 25; t += 5) {
      fleet.beatAt(t, HEALTHY, HEALTHY);
    }
    for (int t = 30; t <= 45; t += 5) {
      fleet.at(t);
      fleet.deliver(
          fleet.beats("nyc1", "nyc1-a", UNHEALTHY),
          fleet.beats("ams3", "ams3-a", HEALTHY),
          fleet.beats("nyc9", "nyc1-a", HEALTHY));
    }

    assertThat(fleet.states.get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(fleet.states.get("nyc9")).isNull();
    assertThat(fleet.invoker.requests()).hasSize(1);
  }
}
