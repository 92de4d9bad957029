package dev.baton.routing;

import static dev.baton.routing.Fixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.local.fakes.FakeCloudflare;
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
class CloudflareApiTest {
  @RegisterExtension
  final ValidatedProviderFakes fakes =
      new ValidatedProviderFakes(TestTokens.DO_TOKEN, TestTokens.CF_TOKEN);

  @Test
  void listsReadEveryPageOfResultInfo() {
    FakeCloudflare fake = fakes.cloudflare();
    String zone = fake.addZone("example.com");
    for (int i = 0; i < 230; i++) {
      fake.addRecord(zone, "A", "app.example.com", "192.0.2." + (i % 250), 60, false);
    }
    fake.addRecord(zone, "AAAA", "app.example.com", "2001:db8::1", 60, false);

    List<ObjectNode> records = Fixture.cloudflare(fake).dnsRecords(zone, "app.example.com", "A");

    assertThat(records)
        .hasSize(230)
        .allSatisfy(r -> assertThat(r.get("type").asText()).isEqualTo("A"));
    List<RecordedExchange> pages = fake.exchanges();
    assertThat(pages)
        .extracting(e -> e.request().query().get("page"))
        .containsExactly("1", "2", "3");
    assertThat(pages)
        .allSatisfy(e -> assertThat(e.request().query()).containsEntry("per_page", "100"));
  }

  @Test
  void theRateLimitAnswers429WithRetryAfter() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    try (FakeCloudflare fake = FakeCloudflare.start(TestTokens.CF_TOKEN, clock, 2)) {
      fake.addZone("example.com");
      CloudflareApi api = Fixture.cloudflare(fake);
      api.zonesNamed("example.com");
      api.zonesNamed("example.com");

      ProviderException e = failure(() -> api.zonesNamed("example.com"));

      assertThat(e.retryable()).isTrue();
      assertThat(e.retryAfter()).contains(Duration.ofMinutes(5));
      assertThat(e.getMessage())
          .contains("HTTP 429 [971] Please wait and consider throttling your request speed");
    }
  }

  @Test
  void aMissingRecordIdIsAClearNotFound() {
    FakeCloudflare fake = fakes.cloudflare();
    String zone = fake.addZone("example.com");

    ProviderException e =
        failure(() -> Fixture.cloudflare(fake).dnsRecord(zone, "0123456789abcdef0123456789abcdef"));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("get DNS record 0123456789abcdef0123456789abcdef failed")
        .contains("HTTP 404 [81044] Record does not exist.");
  }

  @Test
  void aPatchTheApiRefusesIsNotRetryable() {
    FakeCloudflare fake = fakes.cloudflare();
    String zone = fake.addZone("example.com");
    String id = fake.addRecord(zone, "A", "app.example.com", "192.0.2.1", 60, false);
    ObjectNode body = ProviderJson.MAPPER.createObjectNode();
    body.put("type", "A");
    body.put("name", "app.example.com");
    body.put("content", "192.0.2.2");
    body.put("ttl", 45);

    ProviderException e = failure(() -> Fixture.cloudflare(fake).patchDnsRecord(zone, id, body));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("HTTP 400 [9021] Invalid TTL");
  }
}
