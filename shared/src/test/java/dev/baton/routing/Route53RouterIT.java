package dev.baton.routing;

import static dev.baton.routing.Fixture.AMS3;
import static dev.baton.routing.Fixture.NYC1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.aws.AwsClients;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import dev.baton.port.TrafficRouter;
import dev.baton.testkit.MotoExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** The Route 53 router, built from a topology, against moto. */
@ExtendWith({MotoExtension.class, NoTokenLeaks.class})
class Route53RouterIT {

  @Test
  void upsertsTheRecordWaitsForInSyncAndVerifies(AwsClients aws) {
    Route53Client route53 = aws.route53();
    String zoneId =
        route53
            .createHostedZone(
                r -> r.name("example.com").callerReference(UUID.randomUUID().toString()))
            .hostedZone()
            .id();
    ResourceRecordSet nyc1 =
        ResourceRecordSet.builder()
            .name("app.example.com")
            .type(RRType.A)
            .ttl(60L)
            .resourceRecords(ResourceRecord.builder().value(NYC1.publicAddress()).build())
            .build();
    route53.changeResourceRecordSets(
        r ->
            r.hostedZoneId(zoneId)
                .changeBatch(
                    b ->
                        b.changes(
                            Change.builder()
                                .action(ChangeAction.CREATE)
                                .resourceRecordSet(nyc1)
                                .build())));
    Topology topology =
        new Topology(
            "shop",
            List.of(NYC1, AMS3),
            List.of(
                new RouterConfig(
                    "route53", Map.of("hostedZoneId", zoneId, "recordName", "app.example.com"))),
            null,
            null);
    ProviderSettings settings =
        new ProviderSettings(null, null, aws::route53, Clock.systemUTC(), Sleeper.system());
    TrafficRouter router =
        TrafficRouters.fromTopology(topology, TestTokens.secrets(), settings).get(0);

    assertThat(router.readiness(List.of(NYC1, AMS3))).isEmpty();
    assertThat(router.shift(AMS3))
        .contains("now points at 198.51.100.20 (ams3), was [203.0.113.10]")
        .contains("INSYNC");
    assertThat(router.verify(AMS3)).contains("points at 198.51.100.20");
    assertThat(router.shift(AMS3)).contains("already points at 198.51.100.20");
    assertThat(router.plan(NYC1))
        .extracting(TrafficRouter.PlannedRequest::method)
        .containsExactly("GET", "POST", "GET");
    assertThat(router.verify(AMS3))
        .as("a plan changes nothing")
        .contains("points at 198.51.100.20");
  }
}
