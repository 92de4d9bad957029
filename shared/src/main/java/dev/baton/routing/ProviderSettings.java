package dev.baton.routing;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * How the traffic routers reach their providers. A provider without settings (null) cannot be used
 * by any router of the topology; {@link TrafficRouters#fromTopology} says so.
 *
 * @param digitalOcean the DigitalOcean API and token reference, or null
 * @param cloudflare the Cloudflare API and token reference, or null
 * @param route53 the Route 53 client (created on first use, e.g. {@code awsClients::route53}), or
 *     null
 * @param clock for rate-limit reset times and the Route 53 sync deadline
 * @param sleeper for the Route 53 sync polling
 */
public record ProviderSettings(
    ProviderEndpoint digitalOcean,
    ProviderEndpoint cloudflare,
    Supplier<Route53Client> route53,
    Clock clock,
    Sleeper sleeper) {

  /** Environment variable: Secrets Manager ARN (or local reference) of the DigitalOcean token. */
  public static final String DO_TOKEN_SECRET = "BATON_DO_TOKEN_SECRET";

  /** Environment variable: Secrets Manager ARN (or local reference) of the Cloudflare token. */
  public static final String CF_TOKEN_SECRET = "BATON_CF_TOKEN_SECRET";

  /** Environment variable: DigitalOcean API base URL (the local drill points it at the fake). */
  public static final String DO_ENDPOINT = "BATON_DIGITALOCEAN_ENDPOINT";

  /** Environment variable: Cloudflare API base URL, including {@code /client/v4}. */
  public static final String CF_ENDPOINT = "BATON_CLOUDFLARE_ENDPOINT";

  public ProviderSettings {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    route53 = route53 == null ? null : memoize(route53);
  }

  /**
   * Settings from the function's environment: token references from {@value #DO_TOKEN_SECRET} and
   * {@value #CF_TOKEN_SECRET}, API URLs from {@value #DO_ENDPOINT} and {@value #CF_ENDPOINT}
   * (default: the real APIs), the system clock.
   */
  public static ProviderSettings fromEnvironment(
      Map<String, String> env, Supplier<Route53Client> route53) {
    return new ProviderSettings(
        endpoint(env, DO_TOKEN_SECRET, DO_ENDPOINT, DigitalOceanApi.PRODUCTION),
        endpoint(env, CF_TOKEN_SECRET, CF_ENDPOINT, CloudflareApi.PRODUCTION),
        route53,
        Clock.systemUTC(),
        Sleeper.system());
  }

  private static ProviderEndpoint endpoint(
      Map<String, String> env, String tokenVariable, String urlVariable, URI production) {
    String token = env.get(tokenVariable);
    if (token == null || token.isBlank()) {
      return null;
    }
    String url = env.get(urlVariable);
    URI base;
    try {
      base = url == null || url.isBlank() ? production : URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          urlVariable + ": must be an absolute http(s) URL, was '" + url + "'", e);
    }
    return new ProviderEndpoint(base, token.trim());
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
