package dev.baton.local.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.testkit.contract.ValidatedProviderFakes;
import dev.baton.time.VirtualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeDigitalOceanTest {
  private static final String TOKEN = "dop_v1_fake-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final ValidatedProviderFakes fakes = new ValidatedProviderFakes(TOKEN, "cf");

  private FakeDigitalOcean fake;
  private String glb;

  @BeforeEach
  void globalLoadBalancer() {
    fake = fakes.digitalOcean();
    Map<String, Integer> priorities = new LinkedHashMap<>();
    priorities.put("nyc1", 1);
    priorities.put("ams3", 2);
    glb = fake.addGlobalLoadBalancer("glb", "app.example.com", priorities, List.of("t1", "t2"));
  }

  private HttpResponse<String> get(String path) {
    return Http.send(fake.baseUrl(), "GET", path, TOKEN, null);
  }

  private JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void aPutReplacesTheWholeObjectAndResetsWhatItLeavesOut() throws Exception {
    ObjectNode minimal = JSON.createObjectNode();
    minimal.put("name", "glb");
    minimal.put("region", "nyc1");
    minimal.putArray("droplet_ids");
    minimal.set("forwarding_rules", fake.loadBalancer(glb).orElseThrow().get("forwarding_rules"));

    HttpResponse<String> put =
        Http.send(fake.baseUrl(), "PUT", "/v2/load_balancers/" + glb, TOKEN, minimal.toString());

    assertThat(put.statusCode()).isEqualTo(200);
    ObjectNode after = fake.loadBalancer(glb).orElseThrow();
    assertThat(after.has("glb_settings")).as("glb_settings dropped").isFalse();
    assertThat(after.has("target_load_balancer_ids")).isFalse();
    assertThat(after.get("type").asText()).as("type reset to its default").isEqualTo("REGIONAL");
    assertThat(after.get("id").asText()).isEqualTo(glb);
    assertThat(after.get("region").get("slug").asText()).isEqualTo("nyc1");
    assertThat(json(put).get("load_balancer")).isEqualTo(after);
  }

  @Test
  void aPutKeepsTheServersReadOnlyFields() throws Exception {
    ObjectNode body = fake.loadBalancer(glb).orElseThrow();
    String ip = body.get("ip").asText();
    body.put("ip", "192.0.2.250");
    body.put("status", "errored");
    body.put("region", "nyc1");
    body.remove("tag");

    Http.send(fake.baseUrl(), "PUT", "/v2/load_balancers/" + glb, TOKEN, body.toString());

    ObjectNode after = fake.loadBalancer(glb).orElseThrow();
    assertThat(after.get("ip").asText()).isEqualTo(ip);
    assertThat(after.get("status").asText()).isEqualTo("active");
    assertThat(after.get("glb_settings")).isEqualTo(body.get("glb_settings"));
  }

  @Test
  void everyResponseCarriesTheRateLimitHeaders() {
    fake.failNext(1, Fault.serverError());
    List<HttpResponse<String>> responses =
        List.of(
            get("/v2/load_balancers/" + glb),
            get("/v2/load_balancers/missing"),
            get("/v2/load_balancers/" + glb),
            Http.send(fake.baseUrl(), "GET", "/v2/load_balancers/" + glb, "wrong", null));

    assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(500, 404, 200, 401);
    for (HttpResponse<String> r : responses) {
      assertThat(r.headers().firstValue("ratelimit-limit")).contains("5000");
      assertThat(r.headers().firstValue("ratelimit-remaining")).isPresent();
      assertThat(r.headers().firstValue("ratelimit-reset")).isPresent();
    }
    // Injected faults and refused tokens are not counted; the 404 and the 200 are.
    assertThat(responses.get(2).headers().firstValue("ratelimit-remaining")).contains("4998");
  }

  @Test
  void theBurstLimitAnswers429WithRetryAfterUntilTheMinuteHasPassed() throws Exception {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T12:00:00Z"));
    try (FakeDigitalOcean limited =
        FakeDigitalOcean.start(TOKEN, clock, new FakeDigitalOcean.RateLimits(3, 5000))) {
      limited.addDomain("example.com");
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(10));
        assertThat(
                Http.send(limited.baseUrl(), "GET", "/v2/domains/example.com", TOKEN, null)
                    .statusCode())
            .isEqualTo(200);
      }

      HttpResponse<String> refused =
          Http.send(limited.baseUrl(), "GET", "/v2/domains/example.com", TOKEN, null);

      assertThat(refused.statusCode()).isEqualTo(429);
      // The oldest of the three (made at 12:00:10) leaves the minute window at 12:01:10.
      assertThat(refused.headers().firstValue("retry-after")).contains("40");
      assertThat(refused.headers().firstValue("ratelimit-remaining")).contains("0");
      assertThat(json(refused).get("id").asText()).isEqualTo("too_many_requests");
      clock.advance(Duration.ofSeconds(40));
      assertThat(
              Http.send(limited.baseUrl(), "GET", "/v2/domains/example.com", TOKEN, null)
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void recordsArePagedWithLinksAndMeta() throws Exception {
    for (int i = 0; i < 7; i++) {
      fake.addRecord("example.com", "A", "h" + i, "192.0.2." + i, 60);
    }

    JsonNode page2 = json(get("/v2/domains/example.com/records?per_page=4&page=2"));
    JsonNode only = json(get("/v2/domains/example.com/records?name=h3.example.com&type=A"));

    assertThat(page2.get("domain_records")).hasSize(4);
    assertThat(page2.get("meta").get("total").asInt()).isEqualTo(10);
    JsonNode pages = page2.get("links").get("pages");
    assertThat(pages.get("next").asText())
        .isEqualTo(fake.baseUrl() + "/v2/domains/example.com/records?per_page=4&page=3");
    assertThat(pages.get("prev").asText()).endsWith("per_page=4&page=1");
    assertThat(pages.get("first").asText()).endsWith("page=1");
    assertThat(pages.get("last").asText()).endsWith("page=3");
    assertThat(only.get("domain_records"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("data").asText()).isEqualTo("192.0.2.3"));
    assertThat(only.get("links").has("pages")).isFalse();
  }

  @Test
  void aWrongTokenIsUnauthorized() throws Exception {
    HttpResponse<String> r =
        Http.send(fake.baseUrl(), "GET", "/v2/load_balancers/" + glb, "dop_v1_wrong", null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("id").asText()).isEqualTo("unauthorized");
    assertThat(json(r).has("request_id")).isTrue();
  }

  @Test
  void injectedFaultsAnswerTheNextRequestsThenNormalServiceResumes() {
    fake.failNext(2, Fault.serverError(503));
    fake.failNext(1, Fault.rateLimited(Duration.ofSeconds(9)));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(get("/v2/load_balancers/" + glb).statusCode());
    }

    assertThat(statuses).containsExactly(503, 503, 429, 200);
    assertThat(fake.exchanges().get(2).responseHeaders()).containsEntry("retry-after", "9");
    assertThat(fake.exchanges().get(0).injectedFault()).contains(Fault.serverError(503));
  }

  @Test
  void aFaultForOneMethodWaitsForThatMethod() {
    fake.failNext(1, Fault.serverError(), "PUT");

    assertThat(get("/v2/load_balancers/" + glb).statusCode()).isEqualTo(200);
    assertThat(fake.exchanges().get(0).injectedFault()).isEmpty();
  }

  @Test
  void writeFaultsLetReadsThroughAndHitTheNextWrites() {
    fake.failNextWrites(2, Fault.rateLimited(Duration.ofSeconds(1)));
    ObjectNode load = fake.loadBalancer(glb).orElseThrow();
    load.put("region", "nyc1");
    load.remove("tag");
    String body = load.toString();

    List<Integer> statuses = new ArrayList<>();
    statuses.add(get("/v2/load_balancers/" + glb).statusCode());
    for (int i = 0; i < 3; i++) {
      statuses.add(
          Http.send(fake.baseUrl(), "PUT", "/v2/load_balancers/" + glb, TOKEN, body).statusCode());
      statuses.add(get("/v2/load_balancers/" + glb).statusCode());
    }

    assertThat(statuses).containsExactly(200, 429, 200, 429, 200, 200, 200);
  }

  @Test
  void aHangHoldsTheRequestUntilTheClientGivesUp() {
    fake.failNext(1, Fault.hang(Duration.ofSeconds(3)));

    assertThatThrownBy(
            () ->
                Http.send(
                    fake.baseUrl(),
                    "GET",
                    "/v2/load_balancers/" + glb,
                    TOKEN,
                    null,
                    Duration.ofMillis(300)))
        .hasMessageContaining("timed out");
    assertThat(get("/v2/load_balancers/" + glb).statusCode())
        .as("other requests are served meanwhile")
        .isEqualTo(200);
  }

  @Test
  void aMalformedBodyIsSentAsIs() {
    fake.failNext(1, Fault.malformedBody("<html>oops</html>"));

    HttpResponse<String> r = get("/v2/load_balancers/" + glb);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("<html>oops</html>");
  }

  @Test
  void theLogAndTheListenersSeeEveryExchangeWithoutTheToken() {
    List<RecordedExchange> seen = new ArrayList<>();
    fake.addListener(seen::add);

    get("/v2/load_balancers/" + glb);
    get("/v2/domains/nope");

    assertThat(seen).hasSize(2);
    assertThat(fake.exchanges()).hasSize(2);
    assertThat(fake.exchanges()).extracting(RecordedExchange::status).containsExactly(200, 404);
    assertThat(fake.exchanges().get(0).request().header("authorization"))
        .contains("Bearer <redacted>");
    assertThat(fake.exchanges().toString()).doesNotContain(TOKEN);
  }

  @Test
  void aRecordUpdateWithInvalidDataIsRefusedLikeTheRealApi() throws Exception {
    // An unvalidated fake: this request deliberately breaks the API's rules.
    try (FakeDigitalOcean raw = FakeDigitalOcean.start(TOKEN)) {
      long id = raw.addRecord("example.com", "A", "app", "192.0.2.1", 60);

      HttpResponse<String> r =
          Http.send(
              raw.baseUrl(),
              "PATCH",
              "/v2/domains/example.com/records/" + id,
              TOKEN,
              "{\"type\":\"A\",\"data\":\"not-an-ip\",\"ttl\":10}");

      assertThat(r.statusCode()).isEqualTo(422);
      assertThat(json(r).get("message").asText())
          .contains("data must be a valid IPv4 address")
          .contains("ttl must be an integer of at least 30");
      assertThat(raw.record("example.com", id).orElseThrow().get("data").asText())
          .isEqualTo("192.0.2.1");
    }
  }
}
