package dev.baton.agent.probe;

import dev.baton.agent.config.AgentConfig;
import dev.baton.config.DurationText;
import dev.baton.domain.Check;
import dev.baton.domain.HeartbeatStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the app's health endpoint with the JDK HTTP client: the whole exchange (connect, headers
 * and body) must finish within the timeout, the status must be the expected one, the body must
 * contain the expected text (when set), and an answer slower than {@code slowAfter} is DEGRADED.
 */
public final class AppProbe implements HealthProbe {
  private static final Logger LOG = LoggerFactory.getLogger(AppProbe.class);

  /** A health answer is small; reading more would only cost the agent memory. */
  static final int BODY_LIMIT_BYTES = 64 * 1024;

  private final AgentConfig.Probe config;
  private final HttpClient client;
  private final String userAgent;

  public AppProbe(AgentConfig.Probe config, String agentVersion) {
    this.config = config;
    this.userAgent = "baton-agent/" + agentVersion;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            // One probe at a time: one worker thread is enough (the default pool grows to several).
            .executor(
                Executors.newSingleThreadExecutor(
                    r -> {
                      Thread t = new Thread(r, "baton-probe");
                      t.setDaemon(true);
                      return t;
                    }))
            .build();
  }

  /** Probes once; never throws: every failure is an UNHEALTHY result with its reason. */
  @Override
  public ProbeResult probe() {
    long started = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(config.url())
            .timeout(config.timeout())
            .header("User-Agent", userAgent)
            .GET()
            .build();
    AtomicReference<InputStream> body = new AtomicReference<>();
    CompletableFuture<Answer> exchange =
        client
            .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
            .thenApply(response -> read(response, body));
    Answer answer;
    try {
      answer = exchange.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      closeQuietly(body.get());
      return unhealthy(started, "no answer within " + DurationText.format(config.timeout()));
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      return unhealthy(started, "probe interrupted (agent stopping)");
    } catch (ExecutionException e) {
      return unhealthy(started, describe(e.getCause()));
    }
    long latency = millisSince(started);
    if (answer.status() != config.expectedStatus()) {
      return unhealthy(
          started, "status " + answer.status() + ", expected " + config.expectedStatus());
    }
    if (config.expectedBody() != null && !answer.body().contains(config.expectedBody())) {
      return unhealthy(started, "body does not contain '" + config.expectedBody() + "'");
    }
    if (latency > config.slowAfter().toMillis()) {
      return new ProbeResult(
          HeartbeatStatus.DEGRADED,
          new Check(
              true,
              latency,
              "slow: "
                  + latency
                  + " ms (slowAfter "
                  + DurationText.format(config.slowAfter())
                  + ")"));
    }
    return new ProbeResult(
        HeartbeatStatus.HEALTHY,
        new Check(true, latency, "status " + answer.status() + " in " + latency + " ms"));
  }

  private record Answer(int status, String body) {}

  private Answer read(HttpResponse<InputStream> response, AtomicReference<InputStream> body) {
    body.set(response.body());
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(BODY_LIMIT_BYTES);
      return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String describe(Throwable cause) {
    if (cause instanceof UncheckedIOException u) {
      cause = u.getCause();
    }
    if (cause instanceof HttpTimeoutException) {
      return "no answer within " + DurationText.format(config.timeout());
    }
    if (cause instanceof ConnectException) {
      return "cannot connect to " + config.url().getHost() + ":" + port() + " (connection refused)";
    }
    return "request failed: " + cause;
  }

  private int port() {
    int port = config.url().getPort();
    return port >= 0 ? port : "https".equals(config.url().getScheme()) ? 443 : 80;
  }

  private static ProbeResult unhealthy(long startedNanos, String reason) {
    return new ProbeResult(
        HeartbeatStatus.UNHEALTHY, new Check(false, millisSince(startedNanos), reason));
  }

  private static long millisSince(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
  }

  private static void closeQuietly(InputStream in) {
    if (in == null) {
      return;
    }
    try {
      in.close();
    } catch (IOException e) {
      // Closing only releases the connection after a timeout already reported as UNHEALTHY.
      LOG.debug("closing probe body: {}", e.toString());
    }
  }
}
