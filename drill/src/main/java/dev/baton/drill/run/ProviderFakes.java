package dev.baton.drill.run;

import dev.baton.drill.scenario.ProviderFailure;
import dev.baton.drill.scenario.ScenarioRegion;
import dev.baton.local.contract.ContractValidator;
import dev.baton.local.contract.ProviderContract;
import dev.baton.local.fakes.FakeCloudflare;
import dev.baton.local.fakes.FakeDigitalOcean;
import dev.baton.local.fakes.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DigitalOcean and Cloudflare fakes of a drill, holding what a real deployment has: one
 * regional load balancer per region, a Global load balancer in front of them, and the app's DNS
 * record in both providers, all pointing at the initially active region. Every exchange is
 * validated against the API contracts when the contracts folder is present; violations are drill
 * errors.
 */
public final class ProviderFakes implements ProviderFaults, AutoCloseable {
  /** The app's domain and record in the drill. */
  public static final String DOMAIN = "example.com";

  public static final String RECORD = "app";

  private final FakeDigitalOcean digitalOcean;
  private final FakeCloudflare cloudflare;
  private final List<ContractValidator> validators = new ArrayList<>();
  private final Map<String, String> loadBalancerIds = new LinkedHashMap<>();
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final String globalLoadBalancerId;
  private final String zoneId;
  private final String cloudflareRecordId;
  private final long digitalOceanRecordId;

  /**
   * Starts both fakes and creates the deployment's resources.
   *
   * @param regions the drill's regions, in priority order is not required
   * @param active the region traffic goes to at first
   */
  public ProviderFakes(
      List<ScenarioRegion> regions, String active, String doToken, String cfToken) {
    digitalOcean = FakeDigitalOcean.start(doToken);
    cloudflare = FakeCloudflare.start(cfToken);
    ContractValidator.forApi(ProviderContract.DIGITALOCEAN).ifPresent(v -> attach(v, true));
    ContractValidator.forApi(ProviderContract.CLOUDFLARE).ifPresent(v -> attach(v, false));
    Map<String, Integer> priorities = new LinkedHashMap<>();
    int octet = 10;
    for (ScenarioRegion r : regions) {
      loadBalancerIds.put(
          r.name(), digitalOcean.addRegionalLoadBalancer("app-" + r.name(), r.name()));
      addresses.put(r.name(), "203.0.113." + octet++);
    }
    // The Global LB sends traffic to the region with the lowest priority number: the active one.
    priorities.put(active, 1);
    int next = 2;
    for (ScenarioRegion r : regions) {
      if (!r.name().equals(active)) {
        priorities.put(r.name(), next++);
      }
    }
    globalLoadBalancerId =
        digitalOcean.addGlobalLoadBalancer(
            "app-global", RECORD + "." + DOMAIN, priorities, List.copyOf(loadBalancerIds.values()));
    digitalOceanRecordId = digitalOcean.addRecord(DOMAIN, "A", RECORD, addresses.get(active), 60);
    zoneId = cloudflare.addZone(DOMAIN);
    cloudflareRecordId =
        cloudflare.addRecord(zoneId, "A", RECORD + "." + DOMAIN, addresses.get(active), 60, false);
  }

  private void attach(ContractValidator v, boolean isDigitalOcean) {
    validators.add(v);
    if (isDigitalOcean) {
      digitalOcean.addListener(v);
    } else {
      cloudflare.addListener(v);
    }
  }

  public FakeDigitalOcean digitalOcean() {
    return digitalOcean;
  }

  public FakeCloudflare cloudflare() {
    return cloudflare;
  }

  public String loadBalancerId(String region) {
    return loadBalancerIds.get(region);
  }

  public String publicAddress(String region) {
    return addresses.get(region);
  }

  public String globalLoadBalancerId() {
    return globalLoadBalancerId;
  }

  public String zoneId() {
    return zoneId;
  }

  public String cloudflareRecordId() {
    return cloudflareRecordId;
  }

  public long digitalOceanRecordId() {
    return digitalOceanRecordId;
  }

  /**
   * Where the faked routers send users now, by router type: the region whose address (or, for the
   * Global load balancer, whose first priority) they hold; the raw value when it is no region's.
   */
  public Map<String, String> targets() {
    Map<String, String> targets = new LinkedHashMap<>();
    digitalOcean
        .loadBalancer(globalLoadBalancerId)
        .ifPresent(
            glb -> {
              var priorities = glb.path("glb_settings").path("region_priorities");
              String best = "?";
              int bestPriority = Integer.MAX_VALUE;
              for (var it = priorities.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().asInt() < bestPriority) {
                  bestPriority = e.getValue().asInt();
                  best = e.getKey();
                }
              }
              targets.put("do-global-lb", best);
            });
    digitalOcean
        .record(DOMAIN, digitalOceanRecordId)
        .ifPresent(r -> targets.put("do-dns", regionOf(r.path("data").asText())));
    cloudflare
        .record(zoneId, cloudflareRecordId)
        .ifPresent(r -> targets.put("cloudflare-dns", regionOf(r.path("content").asText())));
    return targets;
  }

  /** The region whose public address is {@code address}, or the address itself. */
  public String regionOf(String address) {
    return addresses.entrySet().stream()
        .filter(e -> e.getValue().equals(address))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(address);
  }

  /** Contract violations seen so far, one line each. */
  public List<String> contractViolations() {
    List<String> all = new ArrayList<>();
    validators.forEach(v -> v.violations().forEach(x -> all.add(v.api() + ": " + x)));
    return all;
  }

  /** How many exchanges the contract validators checked (0 when the contracts are absent). */
  public int validatedExchanges() {
    return validators.stream().mapToInt(ContractValidator::validatedCount).sum();
  }

  @Override
  public String failNext(String provider, int times, ProviderFailure failure) {
    Fault fault =
        switch (failure) {
          case SERVER_ERROR -> new Fault.ServerError(500);
          case RATE_LIMITED -> new Fault.RateLimited(Duration.ofSeconds(1));
          case TIMEOUT -> new Fault.Hang(Duration.ofSeconds(15));
        };
    switch (provider) {
      // Writes only, as docs/drills.md says: the sweeper's readiness reads, running at any time,
      // must not use up the faults a scenario meant for the promotion.
      case "digitalocean" -> digitalOcean.failNextWrites(times, fault);
      case "cloudflare" -> cloudflare.failNextWrites(times, fault);
      default ->
          throw new IllegalArgumentException(
              "the drill fakes digitalocean and cloudflare, not " + provider);
    }
    return provider + " answers its next " + times + " write calls with " + failure.word();
  }

  @Override
  public String restore(String provider) {
    switch (provider) {
      case "digitalocean" -> digitalOcean.clearFaults();
      case "cloudflare" -> cloudflare.clearFaults();
      default ->
          throw new IllegalArgumentException(
              "the drill fakes digitalocean and cloudflare, not " + provider);
    }
    return provider + " answers normally again";
  }

  @Override
  public void close() {
    digitalOcean.close();
    cloudflare.close();
  }
}
