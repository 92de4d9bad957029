package dev.baton.drill.world;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each region's public endpoint, the address the routers send users to, as a regional load balancer
 * on loopback: {@code GET /health} is forwarded to a droplet of the region whose app answers (round
 * robin, the next droplet tried when one refuses or times out), and answered 503 when none does.
 *
 * <p>Where a request comes from matters for the public-path faults, so every vantage point has its
 * own address: {@link #url(String, String)} gives the URL through which {@code site} (a
 * DigitalOcean region, or {@link #INTERNET} for users and AWS) reaches {@code region}. {@code
 * cut-ingress REGION} makes the region's endpoint refuse every connection from outside the region
 * (the connection is closed without an answer); {@code cut-egress REGION} makes every other
 * region's endpoint refuse connections from REGION's droplets.
 */
public final class PublicEndpoints implements AutoCloseable {
  /** The vantage point of users on the internet (and of probes from AWS). */
  public static final String INTERNET = "internet";

  private static final Logger LOG = LoggerFactory.getLogger(PublicEndpoints.class);

  private final Map<String, Supplier<List<URI>>> backends = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();
  private final Map<String, HttpServer> listeners = new ConcurrentHashMap<>();
  private final Set<String> ingressCut = ConcurrentHashMap.newKeySet();
  private final Set<String> egressCut = ConcurrentHashMap.newKeySet();
  private final Duration backendTimeout;
  private final HttpClient http;
  private final ExecutorService handlers;

  /**
   * @param droplets by region: the health URLs of its droplets' apps (asked on every request, so
   *     the set may change)
   * @param backendTimeout how long the balancer waits for one droplet before trying the next
   */
  public PublicEndpoints(Map<String, Supplier<List<URI>>> droplets, Duration backendTimeout) {
    this.backends.putAll(droplets);
    this.backendTimeout = backendTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(backendTimeout).build();
    this.handlers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "public-endpoint");
              t.setDaemon(true);
              return t;
            });
    droplets.keySet().forEach(r -> next.put(r, new AtomicInteger()));
  }

  /** The regions that have an endpoint. */
  public Set<String> regions() {
    return backends.keySet();
  }

  /**
   * The health URL of {@code region}'s public endpoint as {@code site} reaches it.
   *
   * @throws IllegalArgumentException for a region without an endpoint
   */
  public URI url(String site, String region) {
    if (!backends.containsKey(region)) {
      throw new IllegalArgumentException(
          "no public endpoint for region '" + region + "'; regions: " + backends.keySet());
    }
    HttpServer server = listeners.computeIfAbsent(site + ">" + region, key -> listen(site, region));
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
  }

  /** {@code cut-ingress}: the region's endpoint refuses connections from outside it. */
  public void cutIngress(String region, boolean cut) {
    requireRegion(region);
    if (cut) {
      ingressCut.add(region);
    } else {
      ingressCut.remove(region);
    }
  }

  /** {@code cut-egress}: the region's droplets cannot reach other regions' endpoints. */
  public void cutEgress(String region, boolean cut) {
    requireRegion(region);
    if (cut) {
      egressCut.add(region);
    } else {
      egressCut.remove(region);
    }
  }

  /** Whether a connection from {@code site} to {@code region}'s endpoint gets through. */
  public boolean reachable(String site, String region) {
    if (site.equals(region)) {
      return true;
    }
    return !ingressCut.contains(region) && !egressCut.contains(site);
  }

  private void requireRegion(String region) {
    if (!backends.containsKey(region)) {
      throw new IllegalArgumentException(
          "no public endpoint for region '" + region + "'; regions: " + backends.keySet());
    }
  }

  private HttpServer listen(String site, String region) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
      server.createContext("/", exchange -> answer(exchange, site, region));
      server.setExecutor(handlers);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the public endpoint of " + region + " for " + site + " cannot listen", e);
    }
  }

  private void answer(HttpExchange exchange, String site, String region) throws IOException {
    if (!reachable(site, region)) {
      // A cut path: the connection ends without an answer, as a dropped or reset one does.
      LOG.debug("public endpoint of {} refused a connection from {}", region, site);
      exchange.close();
      return;
    }
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/health")) {
        send(exchange, 404, "only /health is served here\n");
        return;
      }
      List<URI> droplets = new ArrayList<>(backends.get(region).get());
      int start = Math.floorMod(next.get(region).getAndIncrement(), Math.max(1, droplets.size()));
      for (int i = 0; i < droplets.size(); i++) {
        URI droplet = droplets.get((start + i) % droplets.size());
        try {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(droplet).timeout(backendTimeout).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() / 100 == 2) {
            send(exchange, response.statusCode(), response.body());
            return;
          }
          LOG.debug("droplet {} of {} answered {}", droplet, region, response.statusCode());
        } catch (IOException e) {
          LOG.debug("droplet {} of {} did not answer: {}", droplet, region, e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          send(exchange, 503, "interrupted\n");
          return;
        }
      }
      send(exchange, 503, "no healthy droplet in " + region + "\n");
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    listeners.values().forEach(s -> s.stop(0));
    listeners.clear();
    handlers.shutdownNow();
  }
}
