package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.testing.TestFleet.baton;
import static dev.baton.testing.TestFleet.beat;
import static dev.baton.testing.TestFleet.topology;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.observability.MetricNames;
import dev.baton.port.ReadinessCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweeper's readiness check: problems raise the ReadinessFailed metric, one line each. */
class StaleHeartbeatSweepTest {
  private final MonitorHarness fleet = new MonitorHarness(topology("nyc1", "ams3"));

  StaleHeartbeatSweepTest() {
    fleet.batons.put(baton("nyc1", 1));
    fleet.heartbeats.put(beat("nyc1", "nyc1-a", HEALTHY, 1, fleet.now()));
    fleet.heartbeats.put(beat("ams3", "ams3-a", HEALTHY, 1, fleet.now()));
    fleet.at(30);
  }

  @Test
  void aReadyFailoverPathRaisesNothing() {
    StaleHeartbeatSweep sweep = new StaleHeartbeatSweep(fleet.monitor, List::of, fleet.metrics);

    StaleHeartbeatSweep.Result result = sweep.run();

    assertThat(result.readinessProblems()).isEmpty();
    assertThat(fleet.metrics.sum(MetricNames.READINESS_FAILED)).isZero();
    assertThat(result.sweep().instances()).isEqualTo(2);
  }

  @Test
  void everyReadinessProblemIsCounted() {
    ReadinessCheck broken =
        () ->
            List.of(
                new ReadinessCheck.Problem("do-global-lb", "ams3", "load balancer lb-ams3: 404"),
                new ReadinessCheck.Problem("cloudflare-dns", "*", "token rejected: 403"));
    StaleHeartbeatSweep sweep = new StaleHeartbeatSweep(fleet.monitor, broken, fleet.metrics);

    StaleHeartbeatSweep.Result result = sweep.run();

    assertThat(result.readinessProblems()).hasSize(2);
    assertThat(fleet.metrics.sum(MetricNames.READINESS_FAILED)).isEqualTo(2);
  }

  @Test
  void aReadinessCheckThatCannotRunIsItselfAProblem() {
    ReadinessCheck unreachable =
        () -> {
          throw new IllegalStateException("lambda: invoke timed out");
        };
    StaleHeartbeatSweep sweep = new StaleHeartbeatSweep(fleet.monitor, unreachable, fleet.metrics);

    StaleHeartbeatSweep.Result result = sweep.run();

    assertThat(result.readinessProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.detail()).contains("invoke timed out"));
    assertThat(fleet.metrics.sum(MetricNames.READINESS_FAILED)).isEqualTo(1);
  }
}
