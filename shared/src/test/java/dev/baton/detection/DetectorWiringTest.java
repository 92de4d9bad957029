package dev.baton.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import dev.baton.testing.TestFleet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The detectors' environment is validated as a whole, each problem naming its variable. */
class DetectorWiringTest {

  @Test
  void everyMissingOrBadVariableIsListedAtOnce() {
    assertThatThrownBy(
            () ->
                DetectorWiring.Settings.from(
                    Map.of(
                        "BATON_RESYNC_INTERVAL", "5 seconds",
                        "BATON_STUCK_PROMOTION_AFTER", "PT0S",
                        "BATON_PROMOTION_TIMEOUT", "-PT1M"),
                    TestFleet.topology("nyc1", "ams3")))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::field)
                    .containsExactly(
                        "BATON_TABLE",
                        "BATON_PROMOTION_FUNCTION",
                        "BATON_RESYNC_INTERVAL",
                        "BATON_STUCK_PROMOTION_AFTER",
                        "BATON_PROMOTION_TIMEOUT"));
  }

  @Test
  void theViewIsReSyncedEveryHeartbeatIntervalUnlessToldOtherwise() {
    var topology = TestFleet.topology("nyc1", "ams3");
    var defaults =
        DetectorWiring.Settings.from(
            Map.of("BATON_TABLE", "baton", "BATON_PROMOTION_FUNCTION", "baton-promotion:live"),
            topology);
    var configured =
        DetectorWiring.Settings.from(
            Map.of(
                "BATON_TABLE", " baton ",
                "BATON_PROMOTION_FUNCTION", "baton-promotion:live",
                "BATON_RESYNC_INTERVAL", "PT30S"),
            topology);

    assertThat(defaults.resyncInterval()).isEqualTo(topology.timings().heartbeatInterval());
    assertThat(configured.resyncInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(configured.table()).isEqualTo("baton");
  }

  @Test
  void aPromotionIsStuckAfterSixMinutesWithoutProgressUnlessToldOtherwise() {
    assertThat(settings(Map.of()).stuckPromotionAfter()).isEqualTo(Duration.ofMinutes(6));
    assertThat(settings(Map.of("BATON_STUCK_PROMOTION_AFTER", "PT10M")).stuckPromotionAfter())
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void theReadinessInvokeWaitsForThePromotionFunctionsFiveMinutesUnlessToldOtherwise() {
    assertThat(settings(Map.of()).promotionTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings(Map.of("BATON_PROMOTION_TIMEOUT", "PT120S")).promotionTimeout())
        .isEqualTo(Duration.ofMinutes(2));
  }

  /** The settings from the two required variables plus {@code more}. */
  private static DetectorWiring.Settings settings(Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(more);
    env.put("BATON_TABLE", "baton");
    env.put("BATON_PROMOTION_FUNCTION", "baton-promotion:live");
    return DetectorWiring.Settings.from(env, TestFleet.topology("nyc1", "ams3"));
  }
}
