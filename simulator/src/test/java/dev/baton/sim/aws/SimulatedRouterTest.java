package dev.baton.sim.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.RegionConfig;
import dev.baton.port.ProviderException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * {@code provider-fail} arms failures for the next writes, in the simulator as in the drill's
 * fakes: a verify (the readiness check reads every router each minute) never uses one up.
 */
class SimulatedRouterTest {
  private static RegionConfig region(String name) {
    return new RegionConfig(name, 0, "us-east-1", "lb-" + name, "192.0.2.10", null);
  }

  @Test
  void armedFailuresAnswerTheNextWritesAndLeaveReadsAlone() {
    SimulatedRouter router =
        new SimulatedRouter(
            "do-global-lb",
            "nyc1",
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
            d -> {});
    router.answer(SimulatedRouter.Answer.SERVER_ERROR, 2);

    assertThat(router.verify(region("nyc1"))).contains("sends traffic to nyc1");
    assertThat(router.verify(region("nyc1"))).contains("sends traffic to nyc1");
    assertThatThrownBy(() -> router.shift(region("ams3")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("503");
    assertThatThrownBy(() -> router.shift(region("ams3")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("503");
    assertThat(router.shift(region("ams3"))).contains("now sends traffic to ams3");
    assertThat(router.calls()).isEqualTo(5);
  }
}
