package dev.baton.outside;

import dev.baton.port.OutsideProber;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link OutsideProber} over the JDK HTTP client: every target is asked {@code GET} at once, and an
 * answer counts when it is 2xx within the timeout. Details name the status or the failure, never
 * the URL (a health URL may carry a token in its query).
 */
public final class HttpOutsideProber implements OutsideProber {
  private final HttpClient http;
  private final Duration timeout;

  public HttpOutsideProber(Duration timeout) {
    this(HttpClient.newBuilder().connectTimeout(timeout).build(), timeout);
  }

  public HttpOutsideProber(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public Map<String, Outcome> probe(Map<String, URI> targets) {
    Map<String, CompletableFuture<Outcome>> pending = new LinkedHashMap<>();
    targets.forEach((key, url) -> pending.put(key, ask(url)));
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(250);
    for (Map.Entry<String, CompletableFuture<Outcome>> e : pending.entrySet()) {
      outcomes.put(e.getKey(), await(e.getValue(), deadline));
    }
    return outcomes;
  }

  private CompletableFuture<Outcome> ask(URI url) {
    long started = System.nanoTime();
    try {
      return http.sendAsync(
              HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding())
          .handle(
              (response, failure) -> {
                long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
                if (failure != null) {
                  return new Outcome(false, describe(failure));
                }
                int status = response.statusCode();
                return new Outcome(status / 100 == 2, "HTTP " + status + " in " + ms + " ms");
              });
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(new Outcome(false, "not an http(s) URL"));
    }
  }

  private Outcome await(CompletableFuture<Outcome> future, long deadline) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Outcome(false, "no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return new Outcome(false, describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, "interrupted");
    }
  }

  private String describe(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof HttpConnectTimeoutException) {
      return "no connection within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof HttpTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof java.io.IOException) {
      // The JDK client's "connection closed" (the peer hung up without an answer), a reset, TLS.
      return cause.getMessage() != null && cause.getMessage().contains("closed")
          ? "connection closed without an answer"
          : "no answer: " + cause.getClass().getSimpleName();
    }
    String kind = cause.getClass().getSimpleName();
    return kind.isEmpty() ? "failed" : "failed: " + kind;
  }
}
