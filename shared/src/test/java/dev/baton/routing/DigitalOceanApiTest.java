package dev.baton.routing;

import static dev.baton.routing.Fixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.local.fakes.FakeDigitalOcean;
import dev.baton.local.fakes.Fault;
import dev.baton.local.fakes.RecordedExchange;
import dev.baton.port.ProviderException;
import dev.baton.testkit.contract.ValidatedProviderFakes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(NoTokenLeaks.class)
class DigitalOceanApiTest {
  @RegisterExtension
  final ValidatedProviderFakes fakes =
      new ValidatedProviderFakes(TestTokens.DO_TOKEN, TestTokens.CF_TOKEN);

  @Test
  void listsFollowLinksPagesNextUntilTheLastPage() {
    FakeDigitalOcean fake = fakes.digitalOcean();
    for (int i = 0; i < 420; i++) {
      fake.addRecord("example.com", "TXT", "r" + i, "v=" + i, 300);
    }

    List<ObjectNode> records = Fixture.digitalOcean(fake).domainRecords("example.com", null, null);

    assertThat(records).hasSize(423); // 420 + DigitalOcean's 3 NS records
    assertThat(records)
        .extracting(r -> r.get("name").asText())
        .contains("r0", "r199", "r200", "r419");
    List<RecordedExchange> pages = fake.exchanges();
    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).request().query())
        .containsEntry("per_page", "200")
        .doesNotContainKey("page");
    assertThat(pages.get(1).request().query()).containsEntry("page", "2");
    assertThat(pages.get(2).request().query()).containsEntry("page", "3");
  }

  @Test
  void aNextLinkToAnotherHostIsNotFollowedWithTheToken() {
    FakeDigitalOcean fake = fakes.digitalOcean();
    fake.addDomain("example.com");
    fake.failNext(
        1,
        Fault.malformedBody(
            "{\"domain_records\":[],\"links\":{\"pages\":{\"next\":\"https://collector.example.net/v2/domains/example.com/records?page=2\"}},\"meta\":{\"total\":40}}"));

    ProviderException e =
        failure(() -> Fixture.digitalOcean(fake).domainRecords("example.com", null, null));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("collector.example.net is not the API host");
    assertThat(fake.exchanges()).hasSize(1);
  }

  @Test
  void aUsedUpQuotaWithoutRetryAfterWaitsUntilRatelimitReset() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    try (FakeDigitalOcean fake =
        FakeDigitalOcean.start(
            TestTokens.DO_TOKEN, clock, new FakeDigitalOcean.RateLimits(250, 2))) {
      String lb = fake.addRegionalLoadBalancer("a", "nyc1");
      DigitalOceanApi api = Fixture.digitalOcean(fake, Fixture.TIMEOUT, clock);
      api.loadBalancer(lb);
      api.loadBalancer(lb);

      ProviderException e = failure(() -> api.loadBalancer(lb));

      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("HTTP 429 too_many_requests");
      // The hourly window frees its oldest request one hour after it was made.
      assertThat(e.retryAfter()).contains(Duration.ofHours(1));
      assertThat(fake.exchanges().get(2).responseHeaders())
          .containsEntry("ratelimit-remaining", "0")
          .doesNotContainKey("retry-after");
    }
  }

  @Test
  void theBurstLimitAnswers429WithRetryAfter() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    try (FakeDigitalOcean fake =
        FakeDigitalOcean.start(
            TestTokens.DO_TOKEN, clock, new FakeDigitalOcean.RateLimits(3, 5000))) {
      String lb = fake.addRegionalLoadBalancer("a", "nyc1");
      DigitalOceanApi api = Fixture.digitalOcean(fake, Fixture.TIMEOUT, clock);
      for (int i = 0; i < 3; i++) {
        api.loadBalancer(lb);
      }

      ProviderException e = failure(() -> api.loadBalancer(lb));

      assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
    }
  }

  @Test
  void aWrongTokenIsNotRetryableAndSaysSo() {
    FakeDigitalOcean fake = fakes.digitalOcean();
    DigitalOceanApi api =
        new DigitalOceanApi(
            new ProviderEndpoint(fake.baseUrl(), "ref"),
            ref -> "dop_v1_wrong",
            Fixture.http(),
            Clock.systemUTC());

    ProviderException e = failure(() -> api.domain("example.com"));

    assertThat(e.retryable()).isFalse();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.getMessage())
        .isEqualTo(
            "digitalocean: get domain example.com failed: GET /v2/domains/example.com answered HTTP 401 unauthorized: Unable to authenticate you (request_id "
                + requestId(fake)
                + ") - check the DigitalOcean API token and its scopes");
  }

  @Test
  void anUnreadableSecretIsAClearErrorNamingTheReference() {
    FakeDigitalOcean fake = fakes.digitalOcean();
    DigitalOceanApi api =
        new DigitalOceanApi(
            new ProviderEndpoint(fake.baseUrl(), "arn:missing"),
            TestTokens.secrets(),
            Fixture.http(),
            Clock.systemUTC());

    ProviderException e = failure(() -> api.domain("example.com"));

    assertThat(e.getMessage()).contains("get domain example.com not sent: no secret arn:missing");
    assertThat(fake.exchanges()).isEmpty();
  }

  @Test
  void aSecretStoreThatFailsForAnotherReasonIsRetryable() {
    FakeDigitalOcean fake = fakes.digitalOcean();
    DigitalOceanApi api =
        new DigitalOceanApi(
            new ProviderEndpoint(fake.baseUrl(), "arn:throttled"),
            reference -> {
              throw new RuntimeException("Rate exceeded (Secrets Manager)");
            },
            Fixture.http(),
            Clock.systemUTC());

    ProviderException e = failure(() -> api.domain("example.com"));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .contains("could not read the API token (secret arn:throttled): Rate exceeded");
  }

  @Test
  void anUnreachableApiIsRetryable() {
    FakeDigitalOcean fake = fakes.digitalOcean();
    java.net.URI closed = fake.baseUrl();
    fake.close();
    DigitalOceanApi api =
        new DigitalOceanApi(
            new ProviderEndpoint(closed, TestTokens.DO_REFERENCE),
            TestTokens.secrets(),
            Fixture.http(),
            Clock.systemUTC());

    ProviderException e = failure(() -> api.domain("example.com"));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .contains("get domain example.com (GET /v2/domains/example.com) could not reach 127.0.0.1");
  }

  @Test
  void theTokenIsSentAsBearerAndNeverRecorded() {
    FakeDigitalOcean fake = fakes.digitalOcean();
    fake.addDomain("example.com");

    Fixture.digitalOcean(fake).domain("example.com");

    assertThat(fake.exchanges().get(0).request().header("authorization"))
        .contains("Bearer <redacted>");
    assertThat(Fixture.digitalOcean(fake).toString())
        .doesNotContain(TestTokens.DO_TOKEN)
        .contains(TestTokens.DO_REFERENCE);
  }

  private static String requestId(FakeDigitalOcean fake) {
    String body = fake.exchanges().get(fake.exchanges().size() - 1).response().body();
    return body.replaceAll(".*\"request_id\":\"([^\"]+)\".*", "$1");
  }
}
