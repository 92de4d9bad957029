package dev.baton.domain;

import static dev.baton.domain.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Action.RequestPromotion;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorSmokeTest {
  private final Topology topology = topology("nyc1", "ams3");
  private final Evaluator evaluator = new Evaluator(topology);

  @Test
  void anUnhealthyActiveRegionWithAHealthyStandbyFailsOver() {
    FleetView fleet = new FleetView();
    fleet.apply(beat("nyc1", "i-1", HeartbeatStatus.HEALTHY, 1, at(100)));
    fleet.apply(beat("ams3", "i-1", HeartbeatStatus.HEALTHY, 1, at(130)));
    Map<String, RegionState> states =
        Map.of(
            "nyc1", state("nyc1", RegionHealth.HEALTHY, at(0), at(100), at(0)),
            "ams3", state("ams3", RegionHealth.HEALTHY, at(0), at(130), at(0)));

    Evaluation e = evaluator.evaluate(fleet, states, baton("nyc1", 3), at(131), at(0));

    assertThat(e.regions().get("nyc1").health()).isEqualTo(RegionHealth.UNHEALTHY);
    assertThat(e.actions(RequestPromotion.class))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.request().from()).isEqualTo("nyc1");
              assertThat(r.request().to()).isEqualTo("ams3");
              assertThat(r.request().expectedEpoch()).isEqualTo(3);
              assertThat(r.request().requestedBy()).isEqualTo("baton:evaluator");
            });
  }

  @Test
  void nothingIsDecidedDuringStartupGrace() {
    FleetView fleet = new FleetView();
    fleet.apply(beat("ams3", "i-1", HeartbeatStatus.HEALTHY, 1, at(130)));
    Map<String, RegionState> states =
        Map.of("nyc1", state("nyc1", RegionHealth.UNHEALTHY, at(0), at(0), null));

    Evaluation e = evaluator.evaluate(fleet, states, baton("nyc1", 3), at(131), at(120));

    assertThat(e.actions()).isEmpty();
    assertThat(e.summary()).contains("startup grace");
  }
}
