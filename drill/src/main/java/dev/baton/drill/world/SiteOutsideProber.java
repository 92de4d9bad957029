package dev.baton.drill.world;

import dev.baton.outside.HttpOutsideProber;
import dev.baton.port.OutsideProber;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outside prober of a drill droplet: the production {@link HttpOutsideProber}, but each target
 * region is asked through the droplet's own site's path to that region's public endpoint ({@link
 * PublicEndpoints#url(String, String)}) instead of the published URL (which is the internet's
 * path), so {@code cut-ingress} and {@code cut-egress} act on the agents' probes as on a real
 * droplet's. A region without a drill endpoint is asked at its published URL.
 */
public final class SiteOutsideProber implements OutsideProber {
  private final String site;
  private final PublicEndpoints endpoints;
  private final OutsideProber http;

  /**
   * @param site the droplet's DigitalOcean region
   * @param timeout the agent's outside probe timeout
   */
  public SiteOutsideProber(String site, PublicEndpoints endpoints, Duration timeout) {
    this.site = site;
    this.endpoints = endpoints;
    this.http = new HttpOutsideProber(timeout);
  }

  @Override
  public Map<String, Outcome> probe(Map<String, URI> targets) {
    Map<String, URI> fromSite = new LinkedHashMap<>();
    targets.forEach(
        (region, published) ->
            fromSite.put(
                region,
                endpoints.regions().contains(region) ? endpoints.url(site, region) : published));
    return http.probe(fromSite);
  }
}
