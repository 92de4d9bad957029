package dev.baton.local.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.local.fakes.FakeRequest;
import dev.baton.local.fakes.FakeResponse;
import dev.baton.local.fakes.Fault;
import dev.baton.local.fakes.RecordedExchange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator accepts what the API allows and flags what it does not: it can fail a test. */
class ContractValidatorTest {
  private static final Map<String, List<String>> AUTH =
      Map.of(
          "authorization",
          List.of("Bearer <redacted>"),
          "content-type",
          List.of("application/json"));

  private static ContractValidator validator(ProviderContract api) {
    assumeTrue(ContractsFolder.file(api).isPresent(), () -> ContractsFolder.absenceNotice(api));
    return ContractValidator.forApi(api).orElseThrow();
  }

  private static RecordedExchange exchange(
      String method, String path, String body, int status, String responseBody) {
    return new RecordedExchange(
        new FakeRequest(method, path, "", AUTH, body),
        new FakeResponse(
            status,
            Map.of(
                "ratelimit-limit",
                "5000",
                "ratelimit-remaining",
                "4999",
                "ratelimit-reset",
                "1700000000"),
            responseBody),
        null);
  }

  @Test
  void aValidExchangePasses() {
    ContractValidator v = validator(ProviderContract.DIGITALOCEAN);

    v.onExchange(
        exchange(
            "GET",
            "/v2/load_balancers/abc",
            "",
            404,
            "{\"id\":\"not_found\",\"message\":\"gone\"}"));

    assertThat(v.violations()).isEmpty();
    assertThat(v.validatedCount()).isEqualTo(1);
    v.assertNoViolations();
  }

  @Test
  void aResponseBreakingTheSchemaIsAViolation() {
    ContractValidator v = validator(ProviderContract.DIGITALOCEAN);

    v.onExchange(exchange("GET", "/v2/load_balancers/abc", "", 404, "{\"error\":\"gone\"}"));

    assertThat(v.violations())
        .singleElement()
        .asString()
        .contains("validation.response.body.schema.required");
    assertThatThrownBy(v::assertNoViolations)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "1 exchange(s) of the DIGITALOCEAN fake violate digitalocean-subset.yaml");
  }

  @Test
  void aRequestToAnUndocumentedPathIsAViolation() {
    ContractValidator v = validator(ProviderContract.DIGITALOCEAN);

    v.onExchange(exchange("GET", "/v2/account", "", 200, "{\"account\":{}}"));

    assertThat(v.violations())
        .singleElement()
        .asString()
        .contains("validation.request.path.missing");
  }

  @Test
  void aCloudflarePatchWithoutNameAndTypeIsAViolation() {
    ContractValidator v = validator(ProviderContract.CLOUDFLARE);

    v.onExchange(
        exchange(
            "PATCH",
            "/client/v4/zones/z1/dns_records/r1",
            "{\"content\":\"192.0.2.1\"}",
            400,
            "{\"success\":false,\"errors\":[{\"code\":1004,\"message\":\"x\"}],\"messages\":[],\"result\":null}"));

    assertThat(v.violations())
        .singleElement()
        .asString()
        .contains("validation.request.body.schema.oneOf");
  }

  @Test
  void aCloudflarePatchWithTypeNameAndContentPasses() {
    ContractValidator v = validator(ProviderContract.CLOUDFLARE);

    v.onExchange(
        exchange(
            "PATCH",
            "/client/v4/zones/z1/dns_records/r1",
            "{\"type\":\"A\",\"name\":\"app.example.com\",\"content\":\"192.0.2.1\",\"ttl\":60,\"proxied\":false}",
            404,
            "{\"success\":false,\"errors\":[{\"code\":81044,\"message\":\"Record does not exist.\"}],\"messages\":[],\"result\":null}"));

    assertThat(v.violations()).isEmpty();
  }

  @Test
  void theResponseToADeliberatelyMalformedFaultIsNotJudgedButItsRequestIs() {
    ContractValidator v = validator(ProviderContract.DIGITALOCEAN);

    v.onExchange(
        new RecordedExchange(
            new FakeRequest("GET", "/v2/load_balancers/abc", "", AUTH, ""),
            FakeResponse.json(200, "<html>"),
            Fault.malformedBody("<html>")));
    v.onExchange(
        new RecordedExchange(
            new FakeRequest("GET", "/v2/nothing-here", "", AUTH, ""),
            FakeResponse.json(200, "<html>"),
            Fault.malformedBody("<html>")));

    assertThat(v.violations())
        .singleElement()
        .asString()
        .contains("/v2/nothing-here")
        .contains("validation.request.path.missing");
  }
}
