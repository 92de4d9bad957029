package dev.baton.routing;

import static dev.baton.routing.Fixture.AMS3;
import static dev.baton.routing.Fixture.NYC1;
import static dev.baton.routing.Fixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.domain.RegionConfig;
import dev.baton.local.fakes.FakeCloudflare;
import dev.baton.local.fakes.Fault;
import dev.baton.local.fakes.RecordedExchange;
import dev.baton.port.ProviderException;
import dev.baton.port.ReadinessCheck.Problem;
import dev.baton.port.TrafficRouter.PlannedRequest;
import dev.baton.testkit.contract.ValidatedProviderFakes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(NoTokenLeaks.class)
class CloudflareDnsRouterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final ValidatedProviderFakes fakes =
      new ValidatedProviderFakes(TestTokens.DO_TOKEN, TestTokens.CF_TOKEN);

  private FakeCloudflare fake;
  private String zone;
  private String record;
  private CloudflareDnsRouter router;

  @BeforeEach
  void recordPointingAtNyc1() {
    fake = fakes.cloudflare();
    fake.addZone("example.org");
    zone = fake.addZone("example.com");
    fake.addRecord(zone, "A", "api.example.com", "192.0.2.99", 300, false);
    record = fake.addRecord(zone, "A", "app.example.com", NYC1.publicAddress(), 60, false);
    router = router("app", 60, false);
  }

  private CloudflareDnsRouter router(String name, int ttl, boolean proxied) {
    return new CloudflareDnsRouter(
        Fixture.cloudflare(fake),
        new CloudflareDnsRouter.Settings("example.com", name, DnsRecordType.A, ttl, proxied));
  }

  @Test
  void shiftPointsTheRecordAtTheTargetAndVerifyReadsItBack() {
    String said = router.shift(AMS3);

    assertThat(said).contains("now points at 198.51.100.20 (ams3), was 203.0.113.10");
    assertThat(content()).isEqualTo("198.51.100.20");
    assertThat(router.verify(AMS3)).contains("points at 198.51.100.20");
    assertThat(router.name()).isEqualTo("cloudflare-dns:app.example.com/A");
  }

  @Test
  void zoneAndRecordAreLookedUpByNameAndThePatchCarriesTypeNameAndContent() throws Exception {
    router.shift(AMS3);

    List<RecordedExchange> log = fake.exchanges();
    assertThat(log.get(0).path()).isEqualTo("/client/v4/zones");
    assertThat(log.get(0).request().query()).containsEntry("name", "example.com");
    assertThat(log.get(1).path()).isEqualTo("/client/v4/zones/" + zone + "/dns_records");
    assertThat(log.get(1).request().query())
        .containsEntry("name", "app.example.com")
        .containsEntry("type", "A");
    assertThat(log.get(2).method()).isEqualTo("PATCH");
    assertThat(JSON.readTree(log.get(2).request().body()))
        .isEqualTo(
            JSON.readTree(
                "{\"type\":\"A\",\"name\":\"app.example.com\",\"content\":\"198.51.100.20\",\"ttl\":60,\"proxied\":false}"));
  }

  @Test
  void aRecordAlreadyPointingAtTheTargetIsNotPatched() {
    assertThat(router.shift(NYC1)).contains("already points at 203.0.113.10");
    assertThat(fake.exchanges()).extracting(RecordedExchange::method).containsOnly("GET");
  }

  @Test
  void proxiedIsPartOfTheTarget() {
    router = router("app.example.com", 1, true);

    router.shift(NYC1);

    assertThat(fake.record(zone, record).orElseThrow().get("proxied").asBoolean()).isTrue();
    assertThat(fake.record(zone, record).orElseThrow().get("ttl").asInt()).isEqualTo(1);
    assertThat(router.verify(NYC1)).contains("points at 203.0.113.10");
  }

  @Test
  void planListsTheLookupsAndThePatchButChangesNothing() {
    List<PlannedRequest> plan = router.plan(AMS3);

    assertThat(plan).extracting(PlannedRequest::method).containsExactly("GET", "GET", "PATCH");
    assertThat(plan.get(2).url()).endsWith("/zones/" + zone + "/dns_records/" + record);
    assertThat(content()).isEqualTo(NYC1.publicAddress());
  }

  @Test
  void anUnknownZoneIsAClearNonRetryableError() {
    router =
        new CloudflareDnsRouter(
            Fixture.cloudflare(fake),
            new CloudflareDnsRouter.Settings("example.net", "app", DnsRecordType.A, 60, false));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("no zone named example.net is visible to the API token");
  }

  @Test
  void aMissingRecordIsAClearNonRetryableError() {
    router = router("www", 60, false);

    ProviderException e = failure(() -> router.verify(AMS3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("zone example.com has no A record named www.example.com");
  }

  @Test
  void rateLimitedThenSucceedsCarryingRetryAfter() {
    fake.failNext(1, Fault.rateLimited(Duration.ofSeconds(12)), "PATCH");

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
    assertThat(e.getMessage()).contains("update DNS record " + record).contains("HTTP 429 [971]");
    assertThat(router.shift(AMS3)).contains("now points at 198.51.100.20");
  }

  @Test
  void repeatedServerErrorsAreRetryableEveryTime() {
    fake.failNext(3, Fault.serverError());

    for (int attempt = 0; attempt < 3; attempt++) {
      ProviderException e = failure(() -> router.shift(AMS3));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage())
          .contains("find zone example.com failed")
          .contains("HTTP 500 [10000] Internal server error");
    }
  }

  @Test
  void aBodyThatIsNotJsonIsAClearNonRetryableError() {
    fake.failNext(1, Fault.malformedBody("upstream connect error"));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("find zone example.com failed").contains("not JSON");
  }

  @Test
  void aBodyWithoutTheEnvelopeIsAClearNonRetryableError() {
    fake.failNext(1, Fault.malformedBody("{\"result\":[]}"));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("without the Cloudflare envelope (a boolean 'success')");
  }

  @Test
  void successFalseIsAnErrorEvenWithStatus200() {
    fake.failNext(
        1,
        Fault.malformedBody(
            "{\"success\":false,\"errors\":[{\"code\":1000,\"message\":\"Zone locked\"}],\"messages\":[],\"result\":null}"));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.getMessage()).contains("HTTP 200 [1000] Zone locked");
  }

  @Test
  void readinessReportsRejectedCredentials() {
    CloudflareApi wrong =
        new CloudflareApi(
            new ProviderEndpoint(fake.baseUrl(), "other"),
            reference -> "not-the-token",
            Fixture.http(),
            java.time.Clock.systemUTC());
    router =
        new CloudflareDnsRouter(
            wrong,
            new CloudflareDnsRouter.Settings("example.com", "app", DnsRecordType.A, 60, false));

    assertThat(router.readiness(List.of(NYC1, AMS3)))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.detail())
                    .contains("HTTP 403 [9109] Invalid access token")
                    .contains("check the Cloudflare API token"));
  }

  @Test
  void readinessNamesEachRegionWithoutAnAddress() {
    RegionConfig none = new RegionConfig("sfo3", 2, "us-west-2", null, " ", null);

    assertThat(router.readiness(List.of(NYC1, AMS3, none)))
        .extracting(Problem::region)
        .containsExactly("sfo3");
  }

  private String content() {
    return fake.record(zone, record).orElseThrow().get("content").asText();
  }
}
