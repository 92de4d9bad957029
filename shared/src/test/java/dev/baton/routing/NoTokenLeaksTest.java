package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.local.fakes.FakeDigitalOcean;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guard that every router test runs under sees the logs and messages, and would see a leak. */
@ExtendWith(NoTokenLeaks.class)
class NoTokenLeaksTest {
  @Test
  void theGuardCapturesRouterLogsAndReportedExceptionMessages() {
    try (FakeDigitalOcean fake = FakeDigitalOcean.start("the-fakes-own-token")) {
      DigitalOceanApi api =
          new DigitalOceanApi(
              new ProviderEndpoint(fake.baseUrl(), TestTokens.DO_REFERENCE),
              TestTokens.secrets(),
              Fixture.http(),
              Clock.systemUTC());

      Fixture.failure(() -> api.domain("example.com"));
    }

    assertThat(NoTokenLeaks.capturedSoFar())
        .contains("digitalocean GET /v2/domains/example.com -> HTTP 401")
        .contains(
            "reported failure: dev.baton.port.ProviderException: digitalocean: get domain example.com failed")
        .doesNotContain(TestTokens.DO_TOKEN);
  }

  @Test
  void findsATokenAnywhereInTheCapturedText() {
    String log =
        "[main] INFO x - GET /v2/domains -> 401\nreported failure: Authorization: Bearer "
            + TestTokens.DO_TOKEN;

    assertThat(NoTokenLeaks.leaks(log)).containsExactly("token #0");
    assertThat(NoTokenLeaks.leaks("cloudflare: " + TestTokens.CF_TOKEN + " rejected"))
        .containsExactly("token #1");
  }

  @Test
  void cleanTextHasNoLeak() {
    assertThat(
            NoTokenLeaks.leaks(
                "digitalocean: get domain example.com failed: HTTP 401 (secret "
                    + TestTokens.DO_REFERENCE
                    + ")"))
        .isEmpty();
  }

  @Test
  void aTokenEchoedByAProviderIsMaskedInTheReply() {
    assertThat(Redaction.redact("invalid token " + TestTokens.CF_TOKEN, TestTokens.CF_TOKEN))
        .isEqualTo("invalid token <redacted>");
  }
}
