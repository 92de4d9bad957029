package dev.baton.agent.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A loopback stand-in for the application's health endpoint whose answer a test can change. */
public final class StandInApp implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private volatile int status = 200;
  private volatile String body = "ok";
  private volatile Duration delay = Duration.ZERO;

  public StandInApp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(executor);
    server.createContext(
        "/health",
        exchange -> {
          try {
            Thread.sleep(delay.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          } catch (IOException e) {
            // The prober gave up (timeout test): nothing to answer.
            exchange.close();
          }
        });
    server.start();
  }

  public URI healthUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
  }

  public StandInApp answers(int status, String body) {
    this.status = status;
    this.body = body;
    return this;
  }

  public StandInApp delays(Duration delay) {
    this.delay = delay;
    return this;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
