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

  /** {@code scheme://host[:port]/path}, without user info, query or fragment. */
  static String shown(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?...");
  }

  @Override
  public String probe(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ProviderException("health-probe", "healthUrl is not a URL", false);
    }
    // Reports name the URL without its query or user info: a health URL may carry a token.
    String shown = shown(uri);
    long started = System.nanoTime();
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      String seen = "GET " + shown + " -> " + response.statusCode() + " in " + millis + " ms";
      if (response.statusCode() / 100 != 2) {
        throw new ProviderException("health-probe", seen + ", expected 2xx", true);
      }
      return seen;
    } catch (HttpTimeoutException e) {
      throw new ProviderException(
          "health-probe", "GET " + shown + " timed out after " + timeout, true, null, e);
    } catch (IOException e) {
      throw new ProviderException(
          "health-probe",
          "GET " + shown + " failed: " + e.getClass().getSimpleName(),
          true,
          null,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("health-probe", "GET " + shown + " interrupted", false, null, e);
    }
  }
}
