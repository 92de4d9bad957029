package dev.baton.local.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.testkit.contract.ValidatedProviderFakes;
import dev.baton.time.VirtualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeCloudflareTest {
  private static final String TOKEN = "cf-fake-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final ValidatedProviderFakes fakes = new ValidatedProviderFakes("do", TOKEN);

  private FakeCloudflare fake;
  private String zone;
  private String record;

  @BeforeEach
  void zoneWithARecord() {
    fake = fakes.cloudflare();
    zone = fake.addZone("example.com");
    record = fake.addRecord(zone, "A", "app.example.com", "192.0.2.1", 60, false);
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    return JSON.readTree(Http.send(fake.baseUrl(), method, path, TOKEN, body).body());
  }

  @Test
  void zonesAreFoundByNameInsideTheEnvelope() throws Exception {
    fake.addZone("example.org");

    JsonNode answer = send("GET", "/zones?name=example.com", null);

    assertThat(answer.get("success").asBoolean()).isTrue();
    assertThat(answer.get("errors")).isEmpty();
    assertThat(answer.get("result"))
        .singleElement()
        .satisfies(z -> assertThat(z.get("id").asText()).isEqualTo(zone));
    assertThat(answer.get("result_info").get("total_count").asInt()).isEqualTo(1);
  }

  @Test
  void recordsArePagedWithResultInfo() throws Exception {
    for (int i = 0; i < 4; i++) {
      fake.addRecord(zone, "TXT", "t" + i + ".example.com", "v" + i, 60, false);
    }

    JsonNode page = send("GET", "/zones/" + zone + "/dns_records?page=2&per_page=2", null);

    assertThat(page.get("result")).hasSize(2);
    JsonNode info = page.get("result_info");
    assertThat(info.get("page").asInt()).isEqualTo(2);
    assertThat(info.get("per_page").asInt()).isEqualTo(2);
    assertThat(info.get("count").asInt()).isEqualTo(2);
    assertThat(info.get("total_count").asInt()).isEqualTo(5);
  }

  @Test
  void aPatchChangesOnlyWhatItCarriesAndAPutResetsTheRest() throws Exception {
    send(
        "PATCH",
        "/zones/" + zone + "/dns_records/" + record,
        "{\"type\":\"A\",\"name\":\"app.example.com\",\"content\":\"192.0.2.2\",\"proxied\":true}");
    JsonNode patched = fake.record(zone, record).orElseThrow();
    send(
        "PUT",
        "/zones/" + zone + "/dns_records/" + record,
        "{\"type\":\"A\",\"name\":\"app.example.com\",\"content\":\"192.0.2.3\"}");
    JsonNode put = fake.record(zone, record).orElseThrow();

    assertThat(patched.get("content").asText()).isEqualTo("192.0.2.2");
    assertThat(patched.get("proxied").asBoolean()).isTrue();
    assertThat(patched.get("ttl").asInt()).isEqualTo(60);
    assertThat(put.get("content").asText()).isEqualTo("192.0.2.3");
    assertThat(put.get("proxied").asBoolean()).isFalse();
    assertThat(put.get("ttl").asInt()).as("automatic").isEqualTo(1);
  }

  @Test
  void errorsUseTheFailureEnvelope() throws Exception {
    HttpResponse<String> missing =
        Http.send(
            fake.baseUrl(),
            "GET",
            "/zones/" + zone + "/dns_records/ffffffffffffffffffffffffffffffff",
            TOKEN,
            null);
    HttpResponse<String> wrongToken =
        Http.send(fake.baseUrl(), "GET", "/zones?name=example.com", "nope", null);
    fake.failNext(1, Fault.serverError(502));
    HttpResponse<String> broken =
        Http.send(fake.baseUrl(), "GET", "/zones?name=example.com", TOKEN, null);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("errors").get(0).get("code").asInt())
        .isEqualTo(81044);
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(wrongToken.body()).get("success").asBoolean()).isFalse();
    assertThat(broken.statusCode()).isEqualTo(502);
    assertThat(JSON.readTree(broken.body()).get("result").isNull()).isTrue();
  }

  @Test
  void twelveHundredRequestsPerFiveMinutesThen429WithRetryAfter() throws Exception {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T12:00:00Z"));
    try (FakeCloudflare limited = FakeCloudflare.start(TOKEN, clock, 2)) {
      limited.addZone("example.com");
      Http.send(limited.baseUrl(), "GET", "/zones?name=example.com", TOKEN, null);
      clock.advance(Duration.ofSeconds(100));
      Http.send(limited.baseUrl(), "GET", "/zones?name=example.com", TOKEN, null);

      HttpResponse<String> refused =
          Http.send(limited.baseUrl(), "GET", "/zones?name=example.com", TOKEN, null);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("retry-after")).contains("200");
      assertThat(JSON.readTree(refused.body()).get("errors").get(0).get("code").asInt())
          .isEqualTo(971);
    }
  }

  @Test
  void invalidContentIsRefusedLikeTheRealApi() throws Exception {
    // An unvalidated fake: this request deliberately breaks the API's rules.
    try (FakeCloudflare raw = FakeCloudflare.start(TOKEN)) {
      String z = raw.addZone("example.com");
      String r = raw.addRecord(z, "A", "app.example.com", "192.0.2.1", 60, false);

      HttpResponse<String> refused =
          Http.send(
              raw.baseUrl(),
              "PATCH",
              "/zones/" + z + "/dns_records/" + r,
              TOKEN,
              "{\"type\":\"A\",\"name\":\"app.example.com\",\"content\":\"2001:db8::1\"}");

      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(refused.body()).get("errors").get(0).get("code").asInt())
          .isEqualTo(9005);
      assertThat(raw.record(z, r).orElseThrow().get("content").asText()).isEqualTo("192.0.2.1");
    }
  }
}
