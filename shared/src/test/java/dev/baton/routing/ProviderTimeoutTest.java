package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.port.ProviderException;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a hung provider call must cost seconds, not tens of seconds. The request carries the
 * endpoint's timeout (2.5 s unless set), and the client's timeout is a retryable failure, so the
 * step's next attempt follows at once (decision 0019). No clock is involved: the client below plays
 * java.net.http's timeout firing.
 */
class ProviderTimeoutTest {

  /** An HttpClient whose every request hangs until its timeout: it records what it was sent. */
  private static final class HangingClient extends HttpClient {
    final List<HttpRequest> sent = new ArrayList<>();

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException {
      sent.add(request);
      throw new HttpTimeoutException("request timed out");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      throw new UnsupportedOperationException("the routers send synchronously");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request,
        HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> push) {
      throw new UnsupportedOperationException("the routers send synchronously");
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
      return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
      return null;
    }

    @Override
    public SSLParameters sslParameters() {
      return null;
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return Optional.empty();
    }

    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
      return Optional.empty();
    }
  }

  @Test
  void aHungRequestGivesUpAfterTheDefaultTwoAndAHalfSecondsAndIsRetryable() {
    HangingClient client = new HangingClient();
    URI base = URI.create("https://api.cloudflare.test/client/v4");
    ProviderHttp http =
        new ProviderHttp(
            "cloudflare",
            new ProviderEndpoint(base, TestTokens.CF_REFERENCE),
            TestTokens.secrets(),
            client);

    ProviderException e =
        catchThrowableOfType(
            () ->
                http.send(
                    "update record", "PATCH", URI.create(base + "/zones/z/dns_records/r"), "{}"),
            ProviderException.class);

    assertThat(client.sent)
        .singleElement()
        .satisfies(r -> assertThat(r.timeout()).contains(Duration.ofMillis(2500)));
    assertThat(e.retryable()).as("the step tries again at once").isTrue();
    assertThat(e.getMessage()).contains("timed out after 2500 ms");
  }

  @Test
  void providersConfiguredFromTheEnvironmentUseTheShortTimeout() {
    ProviderSettings settings =
        ProviderSettings.fromEnvironment(
            Map.of("BATON_DO_TOKEN_SECRET", "arn:do", "BATON_CF_TOKEN_SECRET", "arn:cf"), null);

    assertThat(settings.digitalOcean().timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(settings.cloudflare().timeout()).isEqualTo(Duration.ofMillis(2500));
  }
}
