package dev.baton.routing;

import static dev.baton.routing.Fixture.AMS3;
import static dev.baton.routing.Fixture.NYC1;
import static dev.baton.routing.Fixture.REGIONS;
import static dev.baton.routing.Fixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.domain.RegionConfig;
import dev.baton.local.fakes.FakeDigitalOcean;
import dev.baton.local.fakes.Fault;
import dev.baton.local.fakes.RecordedExchange;
import dev.baton.port.ProviderException;
import dev.baton.port.ReadinessCheck.Problem;
import dev.baton.port.TrafficRouter.PlannedRequest;
import dev.baton.testkit.contract.ValidatedProviderFakes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(NoTokenLeaks.class)
class DigitalOceanGlobalLbRouterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final ValidatedProviderFakes fakes =
      new ValidatedProviderFakes(TestTokens.DO_TOKEN, TestTokens.CF_TOKEN);

  private FakeDigitalOcean fake;
  private String nycLb;
  private String amsLb;
  private String glb;
  private DigitalOceanGlobalLbRouter router;

  @BeforeEach
  void globalLoadBalancerPreferringNyc1() {
    fake = fakes.digitalOcean();
    nycLb = fake.addRegionalLoadBalancer("app-nyc1", "nyc1");
    amsLb = fake.addRegionalLoadBalancer("app-ams3", "ams3");
    Map<String, Integer> priorities = new LinkedHashMap<>();
    priorities.put("nyc1", 1);
    priorities.put("ams3", 2);
    glb =
        fake.addGlobalLoadBalancer("app-glb", "app.example.com", priorities, List.of(nycLb, amsLb));
    router = new DigitalOceanGlobalLbRouter(Fixture.digitalOcean(fake), glb);
  }

  @Test
  void shiftPutsTheTargetRegionFirstAndVerifyReadsItBack() {
    String said = router.shift(AMS3);

    assertThat(said)
        .contains("now prefers ams3")
        .contains("{ams3=1, nyc1=2}")
        .contains("was {nyc1=1, ams3=2}");
    assertThat(priorities(fake.loadBalancer(glb).orElseThrow()))
        .containsExactly(Map.entry("nyc1", 2), Map.entry("ams3", 1));
    assertThat(router.verify(AMS3)).contains("prefers ams3");
    if (ValidatedProviderFakes.contractsChecked()) {
      assertThat(fakes.validatedExchanges())
          .as("exchanges checked against the contract")
          .isEqualTo(fake.exchanges().size());
    }
  }

  @Test
  void thePutBodyIsTheGetBodyWithOnlyThePrioritiesChanged() throws Exception {
    ObjectNode before = fake.loadBalancer(glb).orElseThrow();

    router.shift(AMS3);

    RecordedExchange get = only(fake.exchanges(), "GET");
    RecordedExchange put = only(fake.exchanges(), "PUT");
    JsonNode read = JSON.readTree(get.response().body()).get("load_balancer");
    ObjectNode sent = (ObjectNode) JSON.readTree(put.request().body());
    // What the PUT schema does not accept is the only other difference, each named here:
    ObjectNode expected = read.deepCopy();
    List.of("id", "ip", "ipv6", "status", "created_at").forEach(expected::remove);
    expected.put("region", read.get("region").get("slug").asText());
    expected.remove("tag"); // empty tag: droplet_ids is the one in use (oneOf)
    ObjectNode expectedPriorities =
        ((ObjectNode) expected.get("glb_settings")).putObject("region_priorities");
    expectedPriorities.put("nyc1", 2);
    expectedPriorities.put("ams3", 1);
    assertThat(sent).isEqualTo(expected);
    // And the replaced object lost nothing: only the priorities differ from before.
    ObjectNode after = fake.loadBalancer(glb).orElseThrow();
    ((ObjectNode) before.get("glb_settings"))
        .set("region_priorities", after.get("glb_settings").get("region_priorities"));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aTargetAlreadyFirstSendsNoPut() {
    router.shift(AMS3);
    fake.clearExchanges();

    String said = router.shift(AMS3);

    assertThat(said).contains("already prefers ams3");
    assertThat(fake.exchanges()).extracting(RecordedExchange::method).containsExactly("GET");
  }

  @Test
  void planListsTheGetAndThePutButChangesNothing() throws Exception {
    ObjectNode before = fake.loadBalancer(glb).orElseThrow();

    List<PlannedRequest> plan = router.plan(AMS3);

    assertThat(plan).extracting(PlannedRequest::method).containsExactly("GET", "PUT");
    assertThat(plan.get(1).url()).isEqualTo(fake.baseUrl() + "/v2/load_balancers/" + glb);
    assertThat(priorities((ObjectNode) JSON.readTree(plan.get(1).body())))
        .containsEntry("ams3", 1)
        .containsEntry("nyc1", 2);
    assertThat(fake.loadBalancer(glb).orElseThrow()).isEqualTo(before);
    assertThat(fake.exchanges()).extracting(RecordedExchange::method).containsOnly("GET");
  }

  @Test
  void rateLimitedThenSucceedsCarryingRetryAfter() {
    fake.failNext(1, Fault.rateLimited(Duration.ofSeconds(7)));

    ProviderException limited = failure(() -> router.shift(AMS3));

    assertThat(limited.retryable()).isTrue();
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(limited.getMessage())
        .contains("get load balancer " + glb)
        .contains("HTTP 429 too_many_requests");
    assertThat(router.shift(AMS3)).contains("now prefers ams3");
  }

  @Test
  void repeatedServerErrorsAreRetryableEveryTime() {
    fake.failNext(3, Fault.serverError());

    for (int attempt = 0; attempt < 3; attempt++) {
      ProviderException e = failure(() -> router.shift(AMS3));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage())
          .contains("HTTP 500 server_error: Unexpected server-side error")
          .contains("request_id");
    }
    assertThat(priorities(fake.loadBalancer(glb).orElseThrow())).containsEntry("nyc1", 1);
  }

  @Test
  void aServerErrorOnThePutIsRetryableAndTheRetrySucceeds() {
    fake.failNext(1, Fault.serverError(503), "PUT");

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("update load balancer " + glb).contains("HTTP 503");
    assertThat(priorities(fake.loadBalancer(glb).orElseThrow())).containsEntry("nyc1", 1);
    assertThat(router.shift(AMS3)).contains("now prefers ams3");
  }

  @Test
  void aBodyThatIsNotJsonIsAClearNonRetryableError() {
    fake.failNext(1, Fault.malformedBody("<html>502 Bad Gateway</html>"));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("get load balancer " + glb)
        .contains("not JSON")
        .contains("expected an object with 'load_balancer'");
  }

  @Test
  void aJsonBodyWithoutTheLoadBalancerIsAClearNonRetryableError() {
    fake.failNext(1, Fault.malformedBody("{\"droplet\":{}}"));

    ProviderException e = failure(() -> router.verify(AMS3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("without an object 'load_balancer'");
  }

  @Test
  void aHangingApiIsARetryableTimeout() {
    router =
        new DigitalOceanGlobalLbRouter(
            Fixture.digitalOcean(fake, Duration.ofMillis(300), java.time.Clock.systemUTC()), glb);
    fake.failNext(1, Fault.hang(Duration.ofSeconds(5)));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("timed out after 300 ms");
  }

  @Test
  void aRegionTheLoadBalancerCannotRouteToIsRefused() {
    RegionConfig sfo3 = new RegionConfig("sfo3", 2, "us-west-2", null, "192.0.2.30", null);

    ProviderException e = failure(() -> router.shift(sfo3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("no region priority for sfo3");
  }

  @Test
  void verifyFailsWhileAnotherRegionIsPreferred() {
    ProviderException e = failure(() -> router.verify(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("does not prefer ams3").contains("{nyc1=1, ams3=2}");
  }

  @Test
  void readyWhenEveryRegionIsATarget() {
    List<RegionConfig> regions = List.of(withLb(NYC1, nycLb), withLb(AMS3, amsLb));

    assertThat(router.readiness(regions)).isEmpty();
  }

  @Test
  void readinessNamesEachRegionTheLoadBalancerCannotReach() {
    RegionConfig sfo3 =
        new RegionConfig("sfo3", 2, "us-west-2", "lb-sfo3-missing", "192.0.2.30", null);

    List<Problem> problems = router.readiness(List.of(withLb(NYC1, nycLb), sfo3));

    assertThat(problems).extracting(Problem::region).containsExactly("sfo3", "sfo3");
    assertThat(problems).extracting(Problem::router).containsOnly("do-global-lb:" + glb);
    assertThat(problems.get(0).detail()).contains("region_priorities has no entry for sfo3");
    assertThat(problems.get(1).detail())
        .contains("lb-sfo3-missing is not among target_load_balancer_ids");
  }

  @Test
  void readinessReportsAMissingLoadBalancerForAllRegions() {
    router =
        new DigitalOceanGlobalLbRouter(
            Fixture.digitalOcean(fake), "0a0b0c0d-0000-4000-8000-000000000000");

    List<Problem> problems = router.readiness(REGIONS);

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.region()).isEqualTo(TrafficReadiness.ALL_REGIONS);
              assertThat(p.detail()).contains("HTTP 404 not_found");
            });
  }

  @Test
  void readinessReportsRejectedCredentials() {
    DigitalOceanApi wrongToken =
        new DigitalOceanApi(
            new ProviderEndpoint(fake.baseUrl(), "other"),
            reference -> "dop_v1_not-the-right-token",
            Fixture.http(),
            java.time.Clock.systemUTC());
    router = new DigitalOceanGlobalLbRouter(wrongToken, glb);

    assertThat(router.readiness(REGIONS))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.detail())
                    .contains("HTTP 401 unauthorized")
                    .contains("check the DigitalOcean API token"));
  }

  @Test
  void readinessReportsARegionalLoadBalancer() {
    router = new DigitalOceanGlobalLbRouter(Fixture.digitalOcean(fake), nycLb);

    assertThat(router.readiness(REGIONS))
        .extracting(Problem::detail)
        .anySatisfy(d -> assertThat(d).contains("has no glb_settings.region_priorities"));
  }

  private static RegionConfig withLb(RegionConfig r, String lb) {
    return new RegionConfig(
        r.name(), r.priority(), r.awsRegion(), lb, r.publicAddress(), r.healthUrl());
  }

  private static Map<String, Integer> priorities(ObjectNode lb) {
    Map<String, Integer> map = new LinkedHashMap<>();
    lb.get("glb_settings")
        .get("region_priorities")
        .properties()
        .forEach(e -> map.put(e.getKey(), e.getValue().asInt()));
    return map;
  }

  private static RecordedExchange only(List<RecordedExchange> exchanges, String method) {
    List<RecordedExchange> matching =
        exchanges.stream().filter(e -> e.method().equals(method)).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
