package dev.baton.agent.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.agent.Agent;
import dev.baton.agent.BeatReport;
import dev.baton.agent.role.RoleSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loopback HTTP endpoint, so the app learns its role without an AWS SDK:
 *
 * <ul>
 *   <li>{@code GET /role}: {@code {"region","role":"active|standby|fenced","epoch","since",
 *       "reason"}}; 503 with role {@code unknown} until the first beat has decided one;
 *   <li>{@code GET /health}: the agent's own health, 503 when its loop has not finished a beat for
 *       three intervals plus the jitter ({@link dev.baton.agent.BeatLiveness});
 *   <li>{@code POST /drain}, {@code POST /undrain}: used by {@code baton-agent drain|undrain}.
 * </ul>
 */
public final class LocalEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalEndpoint.class);

  private final Agent agent;
  private final HttpServer server;
  private final ExecutorService executor;

  private LocalEndpoint(Agent agent, HttpServer server, ExecutorService executor) {
    this.agent = agent;
    this.server = server;
    this.executor = executor;
  }

  /** Starts listening on {@code address:port} (loopback; port 0 picks a free port). */
  public static LocalEndpoint start(Agent agent, String address, int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 16);
    ExecutorService executor =
        // Two threads: /role keeps answering while a drain request waits for its beat.
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "baton-endpoint");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    LocalEndpoint endpoint = new LocalEndpoint(agent, server, executor);
    server.createContext("/role", endpoint::role);
    server.createContext("/health", endpoint::health);
    server.createContext("/drain", exchange -> endpoint.drain(exchange, true));
    server.createContext("/undrain", exchange -> endpoint.drain(exchange, false));
    server.start();
    LOG.info("role endpoint listening on http://{}:{}/role", address, endpoint.port());
    return endpoint;
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void role(HttpExchange exchange) throws IOException {
    if (!expect(exchange, "GET", "/role")) {
      return;
    }
    RoleSnapshot role = agent.roles().snapshot();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("region", role.region());
    body.put("role", role.known().map(r -> r.wireName()).orElse("unknown"));
    body.put("epoch", role.known().isPresent() ? role.epoch() : null);
    body.put("since", role.since().toString());
    body.put("reason", role.reason());
    send(exchange, role.known().isPresent() ? 200 : 503, body);
  }

  private void health(HttpExchange exchange) throws IOException {
    if (!expect(exchange, "GET", "/health")) {
      return;
    }
    Instant lastBeat = agent.lastBeatAt();
    boolean beating = agent.liveness().beating();
    BeatReport report = agent.lastReport();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", beating ? "ok" : "not beating");
    body.put("lastBeatAt", lastBeat == null ? null : lastBeat.toString());
    body.put("lastBeat", report == null ? null : reportJson(report));
    body.put("lastStoreContact", agent.roles().lastContact().toString());
    send(exchange, beating ? 200 : 503, body);
  }

  private void drain(HttpExchange exchange, boolean draining) throws IOException {
    if (!expect(exchange, "POST", draining ? "/drain" : "/undrain")) {
      return;
    }
    BeatReport report = agent.drain(draining);
    send(exchange, report != null && report.written() ? 200 : 503, reportJson(report));
  }

  private static Map<String, Object> reportJson(BeatReport report) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (report == null) {
      body.put("written", false);
      body.put("detail", "the agent has stopped");
      return body;
    }
    body.put("status", report.status().name());
    body.put("seq", report.seq());
    body.put("written", report.written());
    body.put("detail", report.detail());
    return body;
  }

  private static boolean expect(HttpExchange exchange, String method, String path)
      throws IOException {
    if (!exchange.getRequestURI().getPath().equals(path)) {
      send(exchange, 404, Map.of("error", "not found"));
      return false;
    }
    if (!exchange.getRequestMethod().equals(method)) {
      exchange.getResponseHeaders().set("Allow", method);
      send(exchange, 405, Map.of("error", path + " takes " + method));
      return false;
    }
    return true;
  }

  private static void send(HttpExchange exchange, int status, Map<String, ?> body)
      throws IOException {
    byte[] bytes = JsonBody.of(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
