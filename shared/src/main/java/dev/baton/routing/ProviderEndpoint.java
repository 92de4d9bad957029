package dev.baton.routing;

import dev.baton.domain.ConfigProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a provider's HTTP API is and how to authenticate to it.
 *
 * @param baseUrl the API root, e.g. {@code https://api.digitalocean.com} or {@code
 *     https://api.cloudflare.com/client/v4}; tests and the local drill point it at the fakes
 * @param tokenReference the {@link dev.baton.port.SecretSource} reference of the bearer token (an
 *     ARN, a name or an environment variable): never the token itself
 * @param timeout connect and per-request timeout
 */
public record ProviderEndpoint(URI baseUrl, String tokenReference, Duration timeout) {
  /**
   * The connect and per-request timeout unless the endpoint sets its own: a hung provider call
   * costs at most this per request, so two hung attempts cost seconds, not tens of seconds
   * (decision 0019: healthy calls answer well within a second; 2.5 s leaves room for a slow one).
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(2500);

  public ProviderEndpoint {
    List<ConfigProblem> problems = problems("endpoint", baseUrl, tokenReference, timeout);
    if (!problems.isEmpty()) {
      throw new dev.baton.domain.InvalidConfigException("provider endpoint", problems);
    }
    String text = baseUrl.toString();
    if (text.endsWith("/")) {
      baseUrl = URI.create(text.substring(0, text.length() - 1));
    }
  }

  public ProviderEndpoint(URI baseUrl, String tokenReference) {
    this(baseUrl, tokenReference, DEFAULT_TIMEOUT);
  }

  static List<ConfigProblem> problems(
      String prefix, URI baseUrl, String tokenReference, Duration timeout) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (baseUrl == null
        || baseUrl.getHost() == null
        || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))) {
      problems.add(
          new ConfigProblem(
              prefix + ".baseUrl", "must be an absolute http(s) URL, was " + baseUrl));
    }
    if (tokenReference == null || tokenReference.isBlank()) {
      problems.add(new ConfigProblem(prefix + ".tokenReference", "is required"));
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      problems.add(new ConfigProblem(prefix + ".timeout", "must be positive, was " + timeout));
    }
    return problems;
  }

  /** {@code baseUrl} followed by {@code pathAndQuery} (which starts with a slash). */
  URI resolve(String pathAndQuery) {
    return URI.create(baseUrl + pathAndQuery);
  }

  /** Whether {@code uri} is on this API's host (links from responses must be, to get a token). */
  boolean sameOrigin(URI uri) {
    return uri.getScheme() != null
        && uri.getScheme().equalsIgnoreCase(baseUrl.getScheme())
        && uri.getHost() != null
        && uri.getHost().equalsIgnoreCase(baseUrl.getHost())
        && port(uri) == port(baseUrl);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
