package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.RegionConfig;
import dev.baton.port.ReadinessCheck.Problem;
import dev.baton.port.TrafficRouter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficReadinessTest {
  /** An in-memory router whose readiness answer is given. */
  private record StubRouter(String name, List<Problem> problems, RuntimeException failure)
      implements TrafficRouter {
    @Override
    public List<PlannedRequest> plan(RegionConfig to) {
      return List.of();
    }

    @Override
    public String shift(RegionConfig to) {
      return "";
    }

    @Override
    public String verify(RegionConfig to) {
      return "";
    }

    @Override
    public List<Problem> readiness(List<RegionConfig> regions) {
      if (failure != null) {
        throw failure;
      }
      return problems;
    }
  }

  @Test
  void collectsEveryRoutersProblemsAndTurnsABrokenCheckIntoAProblem() {
    Problem lb = new Problem("do-global-lb:x", "ams3", "no priority");
    TrafficReadiness readiness =
        new TrafficReadiness(
            List.of(
                new StubRouter("do-global-lb:x", List.of(lb), null),
                new StubRouter("do-dns:app", List.of(), new IllegalStateException("boom")),
                new StubRouter("route53:app", List.of(), null)),
            Fixture.REGIONS);

    assertThat(readiness.check())
        .containsExactly(
            lb,
            new Problem(
                "do-dns:app", TrafficReadiness.ALL_REGIONS, "readiness check failed: boom"));
  }
}
