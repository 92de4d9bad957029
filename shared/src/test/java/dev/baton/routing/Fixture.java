package dev.baton.routing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.domain.RegionConfig;
import dev.baton.local.fakes.FakeCloudflare;
import dev.baton.local.fakes.FakeDigitalOcean;
import dev.baton.port.ProviderException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** Regions and API clients pointed at the fakes, shared by the router tests. */
final class Fixture {
  static final RegionConfig NYC1 =
      new RegionConfig("nyc1", 0, "us-east-1", null, "203.0.113.10", null);
  static final RegionConfig AMS3 =
      new RegionConfig("ams3", 1, "eu-west-1", null, "198.51.100.20", null);
  static final List<RegionConfig> REGIONS = List.of(NYC1, AMS3);

  /** Generous: the first contract validation of an operation compiles its schema. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private Fixture() {}

  static HttpClient http() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  static DigitalOceanApi digitalOcean(FakeDigitalOcean fake) {
    return digitalOcean(fake, TIMEOUT, Clock.systemUTC());
  }

  static DigitalOceanApi digitalOcean(FakeDigitalOcean fake, Duration timeout, Clock clock) {
    return new DigitalOceanApi(
        new ProviderEndpoint(fake.baseUrl(), TestTokens.DO_REFERENCE, timeout),
        TestTokens.secrets(),
        http(),
        clock);
  }

  static CloudflareApi cloudflare(FakeCloudflare fake) {
    return cloudflare(fake, TIMEOUT);
  }

  static CloudflareApi cloudflare(FakeCloudflare fake, Duration timeout) {
    return new CloudflareApi(
        new ProviderEndpoint(fake.baseUrl(), TestTokens.CF_REFERENCE, timeout),
        TestTokens.secrets(),
        http(),
        Clock.systemUTC());
  }

  /** The ProviderException {@code call} throws, reported to the token-leak capture. */
  static ProviderException failure(Executable call) {
    return NoTokenLeaks.report(assertThrows(ProviderException.class, call));
  }
}
