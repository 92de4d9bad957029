package dev.baton.sim.world;

import dev.baton.port.OutsideProber;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The public path into each region in virtual time (the drill's PublicEndpoints without sockets): a
 * region's endpoint answers a site when the path is open ({@code cut-ingress} closes it to every
 * other site, {@code cut-egress} closes every other region's endpoint to the region's droplets) and
 * one of its apps serves, as a regional load balancer forwards to a healthy droplet. Probes cost no
 * virtual time: a cut path fails at once, as a refused connection does.
 */
public final class PublicPaths {
  /** The site of users on the internet and of the monitors in AWS. */
  public static final String INTERNET = "internet";

  private final Set<String> ingressCut = new HashSet<>();
  private final Set<String> egressCut = new HashSet<>();
  private final Predicate<String> serving;

  /**
   * @param serving whether one of a region's apps answers its health endpoint
   */
  public PublicPaths(Predicate<String> serving) {
    this.serving = serving;
  }

  public void cutIngress(String region, boolean cut) {
    if (cut) {
      ingressCut.add(region);
    } else {
      ingressCut.remove(region);
    }
  }

  public void cutEgress(String region, boolean cut) {
    if (cut) {
      egressCut.add(region);
    } else {
      egressCut.remove(region);
    }
  }

  /** Whether a connection from {@code site} reaches {@code region}'s endpoint. */
  public boolean open(String site, String region) {
    if (site.equals(region)) {
      return true;
    }
    return !ingressCut.contains(region) && !egressCut.contains(site);
  }

  /** A prober at {@code site}: targets are keyed by region (their URLs are not dialled). */
  public OutsideProber proberAt(String site) {
    return targets -> {
      Map<String, OutsideProber.Outcome> out = new LinkedHashMap<>();
      for (Map.Entry<String, URI> e : targets.entrySet()) {
        String region = e.getKey();
        if (!open(site, region)) {
          out.put(region, new OutsideProber.Outcome(false, "connection refused"));
        } else if (!serving.test(region)) {
          out.put(region, new OutsideProber.Outcome(false, "HTTP 503"));
        } else {
          out.put(region, new OutsideProber.Outcome(true, "HTTP 200"));
        }
      }
      return out;
    };
  }
}
