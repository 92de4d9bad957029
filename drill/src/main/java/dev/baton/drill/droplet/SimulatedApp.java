package dev.baton.drill.droplet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The application of one simulated droplet: a loopback HTTP server answering {@code GET /health}
 * with 200 {@code ok}. A scenario stops it (the port refuses connections, as when the process
 * dies), starts it again on the same port, or slows it (answers only after a delay).
 */
public final class SimulatedApp implements AutoCloseable {
  private final String instanceId;
  private final ExecutorService handlers;
  private int port;
  private HttpServer server;
  private volatile Duration delay = Duration.ZERO;

  private SimulatedApp(String instanceId) {
    this.instanceId = instanceId;
    // Slow answers sleep in their handler; a pool lets a probe that timed out not block the next.
    this.handlers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "app-" + instanceId);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the app of {@code instanceId} on a free loopback port. */
  public static SimulatedApp start(String instanceId) {
    SimulatedApp app = new SimulatedApp(instanceId);
    app.listen(0);
    return app;
  }

  /** The health URL the agent probes. */
  public URI healthUrl() {
    return URI.create("http://127.0.0.1:" + port + "/health");
  }

  /** Whether the app listens. */
  public synchronized boolean running() {
    return server != null;
  }

  /** Stops listening: probes get "connection refused". Idempotent. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Listens again on the same port and answers at once. Idempotent. */
  public synchronized void start() {
    delay = Duration.ZERO;
    if (server == null) {
      listen(port);
    }
  }

  /** Answers every request only after {@code by}. */
  public void slow(Duration by) {
    delay = by;
    synchronized (this) {
      if (server == null) {
        listen(port);
      }
    }
  }

  @Override
  public void close() {
    stop();
    handlers.shutdownNow();
  }

  private void listen(int wanted) {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 16);
      s.createContext("/health", this::health);
      s.setExecutor(handlers);
      s.start();
      server = s;
      port = s.getAddress().getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "app of " + instanceId + " cannot listen on 127.0.0.1:" + wanted + ": " + e.getMessage(),
          e);
    }
  }

  private void health(HttpExchange exchange) throws IOException {
    try (exchange) {
      Duration wait = delay;
      if (!wait.isZero()) {
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          exchange.sendResponseHeaders(503, -1);
          return;
        }
      }
      byte[] body = ("ok " + instanceId + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
