package dev.baton.routing;

import static dev.baton.routing.Fixture.AMS3;
import static dev.baton.routing.Fixture.NYC1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import dev.baton.port.TrafficRouter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficRoutersTest {
  private static final ProviderSettings ALL_PROVIDERS =
      new ProviderSettings(
          new ProviderEndpoint(URI.create("http://127.0.0.1:1"), TestTokens.DO_REFERENCE),
          new ProviderEndpoint(URI.create("http://127.0.0.1:2/client/v4"), TestTokens.CF_REFERENCE),
          () -> {
            throw new AssertionError("the Route 53 client is created on first use only");
          },
          Clock.systemUTC(),
          Sleeper.system());

  private static Topology topology(List<RegionConfig> regions, RouterConfig... routers) {
    return new Topology("shop", regions, List.of(routers), null, null);
  }

  @Test
  void buildsOneRouterPerEntryInTopologyOrder() {
    Topology topology =
        topology(
            List.of(NYC1, AMS3),
            new RouterConfig(
                "route53",
                Map.of("hostedZoneId", "/hostedzone/Z1", "recordName", "app.example.com")),
            new RouterConfig("do-global-lb", Map.of("loadBalancerId", "glb-1")),
            new RouterConfig(
                "cloudflare-dns",
                Map.of("zone", "example.com", "recordName", "app", "proxied", "true")),
            new RouterConfig(
                "do-dns", Map.of("domain", "example.com", "recordName", "app", "ttl", "30")));

    List<TrafficRouter> routers =
        TrafficRouters.fromTopology(topology, TestTokens.secrets(), ALL_PROVIDERS);

    assertThat(routers)
        .extracting(TrafficRouter::name)
        .containsExactly(
            "route53:app.example.com/A",
            "do-global-lb:glb-1",
            "cloudflare-dns:app.example.com/A",
            "do-dns:app.example.com/A");
  }

  @Test
  void everyProblemIsListedInOneError() {
    RegionConfig noAddress = new RegionConfig("sfo3", 2, "us-west-2", null, null, null);
    Topology topology =
        topology(
            List.of(NYC1, AMS3, noAddress),
            new RouterConfig("do-global-lb", Map.of("loadBalancerID", "typo")),
            new RouterConfig("do-dns", Map.of("domain", "example.com", "type", "MX", "ttl", "5")),
            new RouterConfig(
                "cloudflare-dns",
                Map.of(
                    "zone", "example.com", "recordName", "app", "ttl", "30", "proxied", "maybe")),
            new RouterConfig(
                "route53",
                Map.of("hostedZoneId", "Z1", "recordName", "app", "syncTimeoutSeconds", "soon")));
    ProviderSettings noCredentials =
        new ProviderSettings(null, null, null, Clock.systemUTC(), Sleeper.system());

    assertThatThrownBy(
            () -> TrafficRouters.fromTopology(topology, TestTokens.secrets(), noCredentials))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::field)
                    .containsExactly(
                        "BATON_DO_TOKEN_SECRET",
                        "routers[0].settings.loadBalancerID",
                        "routers[0].settings.loadBalancerId",
                        "BATON_DO_TOKEN_SECRET",
                        "routers[1].settings.recordName",
                        "routers[1].settings.type",
                        "routers[1].settings.ttl",
                        "BATON_CF_TOKEN_SECRET",
                        "routers[2].settings.proxied",
                        "routers[2].settings.ttl",
                        "routers[3].type",
                        "routers[3].settings.recordName",
                        "routers[3].settings.syncTimeoutSeconds"))
        .hasMessageContaining(
            "routers[0].settings.loadBalancerID: is not a setting of a do-global-lb router; known settings: [loadBalancerId]")
        .hasMessageContaining("routers[1].settings.type: must be one of [A, AAAA, CNAME], was 'MX'")
        .hasMessageContaining("routers[1].settings.ttl: must be between 30 and 86400, was 5")
        .hasMessageContaining(
            "routers[2].settings.ttl: must be 1 (automatic) or between 60 and 86400, was 30")
        .hasMessageContaining("routers[3].settings.recordName: must be fully qualified");
  }

  @Test
  void aDnsRouterNeedsAnAddressOfItsRecordTypeInEveryRegion() {
    RegionConfig v6Only = new RegionConfig("sfo3", 2, "us-west-2", null, "2001:db8::30", null);
    Topology topology =
        topology(
            List.of(NYC1, AMS3, v6Only),
            new RouterConfig("do-global-lb", Map.of("loadBalancerId", "glb-1")),
            new RouterConfig("do-dns", Map.of("domain", "example.com", "recordName", "app")));

    assertThatThrownBy(
            () -> TrafficRouters.fromTopology(topology, TestTokens.secrets(), ALL_PROVIDERS))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.field()).isEqualTo("regions[2].publicAddress");
                          assertThat(p.rule())
                              .contains("needs an IPv4 address")
                              .contains("routers[1], a do-dns router");
                        }));
  }

  @Test
  void settingsFromTheEnvironmentNameTheTokenSecretsAndEndpoints() {
    ProviderSettings settings =
        ProviderSettings.fromEnvironment(
            Map.of(
                "BATON_DO_TOKEN_SECRET", "arn:do",
                "BATON_CF_TOKEN_SECRET", "arn:cf",
                "BATON_CLOUDFLARE_ENDPOINT", "http://127.0.0.1:9000/client/v4"),
            null);

    assertThat(settings.digitalOcean().baseUrl()).isEqualTo(DigitalOceanApi.PRODUCTION);
    assertThat(settings.digitalOcean().tokenReference()).isEqualTo("arn:do");
    assertThat(settings.cloudflare().baseUrl()).hasToString("http://127.0.0.1:9000/client/v4");
    assertThat(ProviderSettings.fromEnvironment(Map.of(), null).digitalOcean()).isNull();
  }
}
