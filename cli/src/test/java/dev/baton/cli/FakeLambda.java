package dev.baton.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny stand-in for the Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations})
 * on a loopback port: it answers every invoke the way it is told and records each request, so a
 * test can count them (moto does not run Lambda code, and these tests need the answers of a real
 * function: slow ones, errors, a dropped connection).
 */
final class FakeLambda implements AutoCloseable {
  /** One recorded invoke. */
  record Invoke(String method, String path, String query, String body) {}

  /** How to answer an invoke. */
  record Answer(
      int status, Map<String, String> headers, String body, Duration delay, boolean hangsUp) {
    static Answer ok(String body) {
      return new Answer(200, Map.of(), body, Duration.ZERO, false);
    }

    /** An AWS error as Lambda's REST-JSON protocol sends it. */
    static Answer error(int status, String code, String message) {
      return new Answer(
          status,
          Map.of("x-amzn-ErrorType", code),
          "{\"Type\":\"User\",\"message\":\"" + message + "\"}",
          Duration.ZERO,
          false);
    }

    /** The function ran and threw (or timed out): 200 with X-Amz-Function-Error. */
    static Answer functionError(String body) {
      return new Answer(
          200, Map.of("X-Amz-Function-Error", "Unhandled"), body, Duration.ZERO, false);
    }

    /** Reads the request, then closes the connection without answering. */
    static Answer hangUp() {
      return new Answer(0, Map.of(), "", Duration.ZERO, true);
    }

    Answer after(Duration wait) {
      return new Answer(status, headers, body, wait, hangsUp);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Invoke> invokes = new CopyOnWriteArrayList<>();
  private volatile Answer answer = Answer.ok("{}");

  FakeLambda() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake Lambda", e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void answer(Answer next) {
    this.answer = next;
  }

  List<Invoke> invokes() {
    return List.copyOf(invokes);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Answer a = answer;
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    invokes.add(
        new Invoke(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(),
            body));
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
