package dev.baton.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Lambda's Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) on a loopback port,
 * for tests of the code that invokes Baton's functions: moto cannot run a function without Docker,
 * and these tests need a real function's answers (slow ones, errors, a dropped connection). Every
 * request the real SDK client sends is recorded, so a test can count them; each is answered with
 * the next queued answer, or else the standing one.
 */
public final class FakeLambdaApi implements AutoCloseable {
  /** One request as received. */
  public record Received(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    /** A header's first value, whatever its case; null when absent. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** How to answer a request. */
  public record Answer(
      int status, Map<String, String> headers, String body, Duration delay, boolean hangsUp) {
    public static Answer of(int status, Map<String, String> headers, String body) {
      return new Answer(status, headers, body, Duration.ZERO, false);
    }

    public static Answer ok(String body) {
      return of(200, Map.of(), body);
    }

    /** An AWS error as Lambda's REST-JSON protocol sends it. */
    public static Answer error(int status, String code, String message) {
      return of(
          status,
          Map.of("x-amzn-ErrorType", code),
          "{\"Type\":\"User\",\"message\":\"" + message + "\"}");
    }

    /** The function ran and threw (or timed out): 200 with X-Amz-Function-Error. */
    public static Answer functionError(String body) {
      return of(200, Map.of("X-Amz-Function-Error", "Unhandled"), body);
    }

    /** Reads the request, then closes the connection without answering. */
    public static Answer hangUp() {
      return new Answer(0, Map.of(), "", Duration.ZERO, true);
    }

    /** The same answer, sent {@code wait} after the request arrived. */
    public Answer after(Duration wait) {
      return new Answer(status, headers, body, wait, hangsUp);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Received> received = new ArrayList<>();
  private final Deque<Answer> queued = new ArrayDeque<>();
  private Answer standing = Answer.ok("{}");

  public FakeLambdaApi() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake Lambda API", e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers every request from now on with {@code answer} (unless one is queued). */
  public synchronized void answer(Answer answer) {
    this.standing = answer;
  }

  /** Answers the next request not yet answered with {@code answer}, once. */
  public synchronized FakeLambdaApi answerNext(Answer answer) {
    queued.add(answer);
    return this;
  }

  /** Answers the next request not yet answered with this status, headers and body, once. */
  public FakeLambdaApi answerNext(int status, Map<String, String> headers, String body) {
    return answerNext(Answer.of(status, headers, body));
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Answer a;
    synchronized (this) {
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              body));
      a = queued.isEmpty() ? standing : queued.poll();
    }
    try {
      Thread.sleep(a.delay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
      return;
    }
    if (a.hangsUp()) {
      exchange.close();
      return;
    }
    byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
