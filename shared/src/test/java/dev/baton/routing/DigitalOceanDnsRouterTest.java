package dev.baton.routing;

import static dev.baton.routing.Fixture.AMS3;
import static dev.baton.routing.Fixture.NYC1;
import static dev.baton.routing.Fixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.domain.RegionConfig;
import dev.baton.local.fakes.FakeDigitalOcean;
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
class DigitalOceanDnsRouterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final ValidatedProviderFakes fakes =
      new ValidatedProviderFakes(TestTokens.DO_TOKEN, TestTokens.CF_TOKEN);

  private FakeDigitalOcean fake;
  private long record;
  private DigitalOceanDnsRouter router;

  @BeforeEach
  void recordPointingAtNyc1() {
    fake = fakes.digitalOcean();
    fake.addDomain("example.com");
    fake.addRecord("example.com", "A", "api", "192.0.2.99", 300);
    record = fake.addRecord("example.com", "A", "app", NYC1.publicAddress(), 60);
    fake.addRecord("example.com", "AAAA", "app", "2001:db8::10", 60);
    router = router("app", "A", 60);
  }

  private DigitalOceanDnsRouter router(String name, String type, int ttl) {
    return new DigitalOceanDnsRouter(
        Fixture.digitalOcean(fake),
        new DigitalOceanDnsRouter.Settings("example.com", name, DnsRecordType.valueOf(type), ttl));
  }

  @Test
  void shiftPointsTheRecordAtTheTargetAndVerifyReadsItBack() {
    String said = router.shift(AMS3);

    assertThat(said).contains("now points at 198.51.100.20 (ams3), was 203.0.113.10");
    assertThat(fake.record("example.com", record).orElseThrow().get("data").asText())
        .isEqualTo("198.51.100.20");
    assertThat(router.verify(AMS3)).contains("points at 198.51.100.20");
    assertThat(router.name()).isEqualTo("do-dns:app.example.com/A");
  }

  @Test
  void theRecordIsFoundByFullyQualifiedNameAndTypeAndPatchedWithDataAndTtl() throws Exception {
    router.shift(AMS3);

    RecordedExchange list = fake.exchanges().get(0);
    assertThat(list.request().query())
        .containsEntry("name", "app.example.com")
        .containsEntry("type", "A")
        .containsEntry("per_page", "200");
    RecordedExchange patch = fake.exchanges().get(1);
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.path()).isEqualTo("/v2/domains/example.com/records/" + record);
    assertThat(JSON.readTree(patch.request().body()))
        .isEqualTo(JSON.readTree("{\"type\":\"A\",\"data\":\"198.51.100.20\",\"ttl\":60}"));
  }

  @Test
  void aRecordAlreadyPointingAtTheTargetIsNotPatched() {
    String said = router.shift(NYC1);

    assertThat(said).contains("already points at 203.0.113.10");
    assertThat(fake.exchanges()).extracting(RecordedExchange::method).containsExactly("GET");
  }

  @Test
  void aDifferentTtlIsCorrectedEvenWhenTheAddressMatches() {
    router = router("app", "A", 30);

    router.shift(NYC1);

    assertThat(fake.record("example.com", record).orElseThrow().get("ttl").asInt()).isEqualTo(30);
  }

  @Test
  void theApexIsNamedWithAnAt() {
    long apex = fake.addRecord("example.com", "A", "@", NYC1.publicAddress(), 60);
    router = router("@", "A", 60);

    router.shift(AMS3);

    assertThat(fake.record("example.com", apex).orElseThrow().get("data").asText())
        .isEqualTo("198.51.100.20");
  }

  @Test
  void aCnameTargetIsSentFullyQualifiedWithTheFinalDot() {
    long cname = fake.addRecord("example.com", "CNAME", "www", "nyc1.example.net.", 60);
    router = router("www.example.com", "CNAME", 60);
    RegionConfig ams3 = new RegionConfig("ams3", 1, "eu-west-1", null, "ams3.example.net", null);

    router.shift(ams3);

    assertThat(fake.record("example.com", cname).orElseThrow().get("data").asText())
        .isEqualTo("ams3.example.net.");
    assertThat(router.verify(ams3)).contains("points at ams3.example.net");
  }

  @Test
  void planListsTheLookupAndThePatchButChangesNothing() {
    List<PlannedRequest> plan = router.plan(AMS3);

    assertThat(plan).extracting(PlannedRequest::method).containsExactly("GET", "PATCH");
    assertThat(plan.get(1).body()).contains("198.51.100.20");
    assertThat(fake.record("example.com", record).orElseThrow().get("data").asText())
        .isEqualTo(NYC1.publicAddress());
    assertThat(fake.exchanges()).extracting(RecordedExchange::method).containsOnly("GET");
  }

  @Test
  void aMissingRecordIsAClearNonRetryableError() {
    router = router("nope", "A", 60);

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("domain example.com has no A record named nope.example.com");
  }

  @Test
  void twoRecordsWithTheSameNameAndTypeAreRefused() {
    fake.addRecord("example.com", "A", "app", "192.0.2.50", 60);

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.getMessage())
        .contains("has 2 A records named app.example.com: Baton repoints exactly one");
  }

  @Test
  void rateLimitedThenSucceedsCarryingRetryAfter() {
    fake.failNext(1, Fault.rateLimited(Duration.ofSeconds(30)), "PATCH");

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(e.getMessage()).contains("update record " + record + " of domain example.com");
    assertThat(router.shift(AMS3)).contains("now points at 198.51.100.20");
  }

  @Test
  void repeatedServerErrorsAreRetryableEveryTime() {
    fake.failNext(2, Fault.serverError(502));

    assertThat(failure(() -> router.shift(AMS3)).retryable()).isTrue();
    assertThat(failure(() -> router.verify(AMS3)).retryable()).isTrue();
  }

  @Test
  void aListWithoutRecordsIsAClearNonRetryableError() {
    fake.failNext(1, Fault.malformedBody("{\"records\":[]}"));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("list records of domain example.com")
        .contains("without an array 'domain_records'");
  }

  @Test
  void aRegionWithoutAnIpv4AddressIsRefusedBeforeAnyRequest() {
    RegionConfig noAddress = new RegionConfig("sfo3", 2, "us-west-2", null, null, null);

    ProviderException e = failure(() -> router.shift(noAddress));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("region sfo3 has no publicAddress");
    assertThat(fake.exchanges()).isEmpty();
  }

  @Test
  void readinessNamesEachRegionWithoutAUsableAddress() {
    RegionConfig v6 = new RegionConfig("sfo3", 2, "us-west-2", null, "2001:db8::30", null);

    List<Problem> problems = router.readiness(List.of(NYC1, AMS3, v6));

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.region()).isEqualTo("sfo3");
              assertThat(p.detail()).contains("cannot be a A record: needs an IPv4 address");
            });
  }

  @Test
  void readinessReportsAnUnknownDomain() {
    router =
        new DigitalOceanDnsRouter(
            Fixture.digitalOcean(fake),
            new DigitalOceanDnsRouter.Settings("example.org", "app", DnsRecordType.A, 60));

    assertThat(router.readiness(List.of(NYC1, AMS3)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.region()).isEqualTo(TrafficReadiness.ALL_REGIONS);
              assertThat(p.detail()).contains("get domain example.org").contains("HTTP 404");
            });
  }
}
