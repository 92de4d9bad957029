package dev.baton.functions;

import static dev.baton.testing.MotoFleet.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.detection.DetectorWiring;
import dev.baton.detection.FleetMonitor;
import dev.baton.detection.StaleHeartbeatSweep;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.PromotionKind;
import dev.baton.domain.Timings;
import dev.baton.domain.Topology;
import dev.baton.local.MotoServer;
import dev.baton.local.Schedule;
import dev.baton.observability.MetricNames;
import dev.baton.port.BatonStore;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import dev.baton.store.DynamoHeartbeatStore;
import dev.baton.store.DynamoPromotionJournal;
import dev.baton.testing.MotoFleet;
import dev.baton.testing.TestFleet;
import dev.baton.testing.TestPromotions;
import dev.baton.testkit.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sweeper end to end on moto, driven by the local schedule as EventBridge drives it (a
 * one-minute rule, 60 times faster).
 */
@ExtendWith(MotoExtension.class)
class StaleHeartbeatIT {
  private static final Duration BEAT = Duration.ofMillis(500);
  private static final Timings TIMINGS = TestFleet.scaled(BEAT, Duration.ofSeconds(1));
  private static final Topology TOPOLOGY = TestFleet.topology(TIMINGS, "nyc1", "ams3");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final DynamoDbClient dynamo;

  StaleHeartbeatIT(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  @Test
  void everyRegionSilentIsAnObserverSuspectAlarmNotAFailover() throws Exception {
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      var nyc = fleet.agent("nyc1", "nyc1-a");
      var ams = fleet.agent("ams3", "ams3-a");
      assertThat(await(WAIT, () -> nyc.lastBeat() != null && ams.lastBeat() != null)).isTrue();
      nyc.silence();
      ams.silence();
      FleetMonitor monitor = fleet.monitor(StaleHeartbeatHandler.REQUESTED_BY);
      StaleHeartbeatHandler handler =
          new StaleHeartbeatHandler(
              () ->
                  new DetectorWiring(
                      monitor,
                      new StaleHeartbeatSweep(monitor, List::of, fleet.metrics),
                      new PromotionRequestCodec(TOPOLOGY)));

      try (Schedule schedule =
          Schedule.every(Duration.ofMinutes(1), 60, e -> handler.handleRequest(e, null)).start()) {
        assertThat(await(WAIT, () -> fleet.metrics.sum(MetricNames.OBSERVER_SUSPECT) >= 2))
            .isTrue();
      }

      assertThat(fleet.invoker.requests()).isEmpty();
      assertThat(
              new DynamoHeartbeatStore(dynamo, fleet.table.name())
                  .loadFleet(List.of("nyc1", "ams3")))
          .allSatisfy(b -> assertThat(b.status()).isEqualTo(HeartbeatStatus.STALE));
      assertThat(fleet.audit(fleet.clock.instant()))
          .filteredOn(e -> e.kind().equals("alarm"))
          .singleElement()
          .satisfies(e -> assertThat(e.subject()).isEqualTo("OBSERVER_SUSPECT"));
    }
  }

  @Test
  void theEnvironmentWiringReachesTheTableAndReportsAnUnreachableReadinessCheck(MotoServer moto)
      throws Exception {
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      var nyc = fleet.agent("nyc1", "nyc1-a");
      assertThat(await(WAIT, () -> nyc.lastBeat() != null)).isTrue();
      StaleHeartbeatHandler handler = environmentWired(moto, fleet, Map.of());

      Map<String, Object> summary = sweepOnce(handler, fleet);

      assertThat(summary.get("instances")).isEqualTo(1);
      assertThat(summary.get("readinessProblems"))
          .asList()
          .singleElement()
          .asString()
          .contains("readiness check could not run")
          .contains("baton-promotion-that-does-not-exist");
    }
  }

  @Test
  void aPromotionWhoseLambdaDiedMidSagaIsReportedStuckWithItsIdAndNextStep(MotoServer moto)
      throws Exception {
    try (MotoFleet fleet = new MotoFleet(dynamo, TOPOLOGY, "nyc1")) {
      var nyc = fleet.agent("nyc1", "nyc1-a");
      assertThat(await(WAIT, () -> nyc.lastBeat() != null)).isTrue();
      Instant died = fleet.clock.instant().minusSeconds(10);
      String id = "20261126T120000Z-dead01";
      long epoch = fleet.batons.read().orElseThrow().epoch();
      new DynamoPromotionJournal(dynamo, fleet.table.name())
          .save(
              TestPromotions.promotion(
                  id,
                  PromotionKind.SWITCHOVER,
                  "nyc1",
                  "ams3",
                  epoch,
                  "alice",
                  "maintenance in nyc1",
                  PromotionStatus.RUNNING,
                  List.of(
                      StepRecord.pending("validate").attempt(died).succeeded("ok", died),
                      StepRecord.pending("claim").attempt(died).succeeded("claimed", died),
                      StepRecord.pending("shift:route53").attempt(died),
                      StepRecord.pending("notify")),
                  died,
                  died));
      assertThat(fleet.batons.claim(epoch, "nyc1", "ams3", id, false, "switchover", died))
          .isInstanceOf(BatonStore.ClaimOutcome.Claimed.class);
      StaleHeartbeatHandler patient =
          environmentWired(moto, fleet, Map.of("BATON_STUCK_PROMOTION_AFTER", "PT1M"));
      StaleHeartbeatHandler handler =
          environmentWired(moto, fleet, Map.of("BATON_STUCK_PROMOTION_AFTER", "PT5S"));

      assertThat(sweepOnce(patient, fleet).get("stuckPromotion")).isNull();
      Map<String, Object> summary = sweepOnce(handler, fleet);

      assertThat(summary.get("stuckPromotion"))
          .asString()
          .contains(id, "nyc1 -> ams3", "shift:route53", "baton resume " + id);
    }
  }

  /** The handler as Lambda builds it, from the environment, against moto. */
  private static StaleHeartbeatHandler environmentWired(
      MotoServer moto, MotoFleet fleet, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.putAll(
        Map.of(
            "AWS_REGION",
            MotoExtension.REGION,
            "BATON_AWS_ENDPOINT",
            moto.endpoint().toString(),
            "BATON_TABLE",
            fleet.table.name(),
            "BATON_PROMOTION_FUNCTION",
            "baton-promotion-that-does-not-exist",
            "BATON_TOPOLOGY",
            topologyJson(),
            "POWERTOOLS_SERVICE_NAME",
            "stale-sweeper"));
    return new StaleHeartbeatHandler(
        () ->
            DetectorWiring.fromEnvironment(
                env, StaleHeartbeatHandler.SERVICE, StaleHeartbeatHandler.REQUESTED_BY));
  }

  private static Map<String, Object> sweepOnce(StaleHeartbeatHandler handler, MotoFleet fleet) {
    return handler.handleRequest(
        new Schedule(
                Duration.ofMinutes(1),
                1,
                e -> {},
                "arn:aws:events:us-east-1:123456789012:rule/r",
                "us-east-1",
                fleet.clock)
            .event(),
        null);
  }

  private static String topologyJson() {
    return """
        {"app":"shop",
         "regions":[
           {"name":"nyc1","priority":1,"awsRegion":"us-east-1","publicAddress":"203.0.113.10"},
           {"name":"ams3","priority":2,"awsRegion":"eu-west-1","publicAddress":"198.51.100.20"}],
         "routers":[{"type":"route53","settings":{"hostedZoneId":"Z1","recordName":"shop.example.com","ttl":"60"}}],
         "timings":{"heartbeatInterval":"500ms","staleAfter":"1s","failAfter":"1500ms",
           "recoverAfter":"2s","startupGrace":"1s","membershipWindow":"1m","maxClockSkew":"5s"}}
        """;
  }
}
