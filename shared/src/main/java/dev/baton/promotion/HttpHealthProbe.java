package dev.baton.promotion;

import dev.baton.port.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** {@link HealthProbe} over the JDK HTTP client: healthy means a 2xx answer within the timeout. */
public final class HttpHealthProbe implements HealthProbe {
  private final HttpClient http;
  private final Duration timeout;

  public HttpHealthProbe(Duration timeout) {
    this(
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        timeout);
  }

  public HttpHealthProbe(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public String probe(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ProviderException("health-probe", "healthUrl is not a URL: " + url, false);
    }
    long started = System.nanoTime();
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      String seen = "GET " + url + " -> " + response.statusCode() + " in " + millis + " ms";
      if (response.statusCode() / 100 != 2) {
        throw new ProviderException("health-probe", seen + ", expected 2xx", true);
      }
      return seen;
    } catch (HttpTimeoutException e) {
      throw new ProviderException(
          "health-probe", "GET " + url + " timed out after " + timeout, true, null, e);
    } catch (IOException e) {
      throw new ProviderException(
          "health-probe", "GET " + url + " failed: " + e.getMessage(), true, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("health-probe", "GET " + url + " interrupted", false, null, e);
    }
  }
}
