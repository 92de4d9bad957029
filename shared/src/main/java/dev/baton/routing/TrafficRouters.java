package dev.baton.routing;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import dev.baton.port.SecretSource;
import dev.baton.port.TrafficRouter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds the traffic routers of a topology, in topology order. */
public final class TrafficRouters {
  private TrafficRouters() {}

  /**
   * One router per {@code topology.routers()} entry, in order.
   *
   * @throws InvalidConfigException listing every problem at once: unknown or missing settings, a
   *     provider without credentials, a region without a usable {@code publicAddress} for a DNS
   *     router
   */
  public static List<TrafficRouter> fromTopology(
      Topology topology, SecretSource secrets, ProviderSettings settings) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout(settings))
            // A redirect would carry the bearer token to wherever it points.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    DigitalOceanApi digitalOcean =
        settings.digitalOcean() == null
            ? null
            : new DigitalOceanApi(settings.digitalOcean(), secrets, http, settings.clock());
    CloudflareApi cloudflare =
        settings.cloudflare() == null
            ? null
            : new CloudflareApi(settings.cloudflare(), secrets, http, settings.clock());

    List<TrafficRouter> routers = new ArrayList<>();
    List<ConfigProblem> problems = new ArrayList<>();
    List<RouterConfig> configs = topology.routers();
    for (int i = 0; i < configs.size(); i++) {
      RouterConfig config = configs.get(i);
      String prefix = "routers[" + i + "]";
      Built built =
          switch (config.type()) {
            case DigitalOceanGlobalLbRouter.TYPE -> {
              missing(problems, digitalOcean, ProviderSettings.DO_TOKEN_SECRET, prefix, config);
              yield DigitalOceanGlobalLbRouter.from(config, prefix, digitalOcean);
            }
            case DigitalOceanDnsRouter.TYPE -> {
              missing(problems, digitalOcean, ProviderSettings.DO_TOKEN_SECRET, prefix, config);
              yield DigitalOceanDnsRouter.from(config, prefix, digitalOcean);
            }
            case CloudflareDnsRouter.TYPE -> {
              missing(problems, cloudflare, ProviderSettings.CF_TOKEN_SECRET, prefix, config);
              yield CloudflareDnsRouter.from(config, prefix, cloudflare);
            }
            case Route53Router.TYPE -> {
              if (settings.route53() == null) {
                problems.add(
                    new ConfigProblem(
                        prefix + ".type",
                        "route53 needs a Route 53 client, and none is configured"));
              }
              yield Route53Router.from(
                  config, prefix, settings.route53(), settings.clock(), settings.sleeper());
            }
            default ->
                Built.problems(
                    List.of(
                        new ConfigProblem(
                            prefix + ".type",
                            "unknown router type '"
                                + config.type()
                                + "'; known: "
                                + RouterConfig.TYPES.stream().sorted().toList())));
          };
      problems.addAll(built.problems());
      if (built.router() != null) {
        routers.add(built.router());
        problems.addAll(addressProblems(topology.regions(), built.router(), prefix, config));
      }
    }
    InvalidConfigException.throwIfAny("traffic routers", problems);
    return List.copyOf(routers);
  }

  private static void missing(
      List<ConfigProblem> problems,
      Object api,
      String variable,
      String prefix,
      RouterConfig config) {
    if (api == null) {
      problems.add(
          new ConfigProblem(
              variable,
              "is required: "
                  + prefix
                  + " is a "
                  + config.type()
                  + " router and needs the provider's API token reference"));
    }
  }

  /** Each region must have an address the DNS router can point its record at. */
  private static List<ConfigProblem> addressProblems(
      List<RegionConfig> regions, TrafficRouter router, String prefix, RouterConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (!(router instanceof DnsRouter dns)) {
      return problems;
    }
    for (int i = 0; i < regions.size(); i++) {
      String problem = dns.recordType().problem(regions.get(i).publicAddress());
      if (problem != null) {
        problems.add(
            new ConfigProblem(
                "regions[" + i + "].publicAddress",
                problem + " (needed by " + prefix + ", a " + config.type() + " router)"));
      }
    }
    return problems;
  }

  private static Duration connectTimeout(ProviderSettings settings) {
    Duration timeout = ProviderEndpoint.DEFAULT_TIMEOUT;
    if (settings.digitalOcean() != null) {
      timeout = settings.digitalOcean().timeout();
    }
    if (settings.cloudflare() != null && settings.cloudflare().timeout().compareTo(timeout) < 0) {
      timeout = settings.cloudflare().timeout();
    }
    return timeout;
  }
}
