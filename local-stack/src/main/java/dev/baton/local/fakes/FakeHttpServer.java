package dev.baton.local.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plumbing both provider fakes share: a loopback server on a free port that hands each request
 * to the provider's logic, answers injected faults first, records every exchange (token redacted)
 * and tells the listeners before the answer is sent.
 */
final class FakeHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FakeHttpServer.class);

  /** The provider's behaviour. */
  interface Api {
    /** The normal answer to {@code request} (the Authorization header is intact). */
    FakeResponse answer(FakeRequest request);

    /** The provider-shaped answer to an injected fault other than {@link Fault.Hang}. */
    FakeResponse answerFault(Fault fault, FakeRequest request);
  }

  private final String name;
  private final Api api;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Deque<Planned> faults = new ArrayDeque<>();

  /** One injected fault, for any request or only for requests with {@code method}. */
  /** A planned fault for the requests with one of {@code methods} (empty: any request). */
  private record Planned(Fault fault, java.util.Set<String> methods) {
    boolean matches(FakeRequest request) {
      return methods.isEmpty() || methods.contains(request.method());
    }
  }

  private final List<RecordedExchange> log = new CopyOnWriteArrayList<>();
  private final List<ExchangeListener> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private FakeHttpServer(String name, Api api, HttpServer server, ExecutorService executor) {
    this.name = name;
    this.api = api;
    this.server = server;
    this.executor = executor;
  }

  static FakeHttpServer start(String name, Api api) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AtomicInteger threads = new AtomicInteger();
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, name + "-fake-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      FakeHttpServer fake = new FakeHttpServer(name, api, server, executor);
      server.createContext("/", fake::handle);
      server.setExecutor(executor);
      server.start();
      LOG.info("{} fake listening on {}", name, fake.baseUri());
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException(name + " fake: cannot listen on a loopback port", e);
    }
  }

  /** {@code http://127.0.0.1:<port>} */
  URI baseUri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  void failNext(int times, Fault fault, String method) {
    failNext(times, fault, method == null ? java.util.Set.of() : java.util.Set.of(method));
  }

  void failNext(int times, Fault fault, java.util.Set<String> methods) {
    if (times < 1) {
      throw new IllegalArgumentException("failNext.times must be >= 1, was " + times);
    }
    java.util.Objects.requireNonNull(fault, "fault");
    synchronized (faults) {
      for (int i = 0; i < times; i++) {
        faults.addLast(new Planned(fault, java.util.Set.copyOf(methods)));
      }
    }
  }

  void clearFaults() {
    synchronized (faults) {
      faults.clear();
    }
  }

  int pendingFaults() {
    synchronized (faults) {
      return faults.size();
    }
  }

  List<RecordedExchange> exchanges() {
    return List.copyOf(log);
  }

  void clearExchanges() {
    log.clear();
  }

  void addListener(ExchangeListener listener) {
    listeners.add(listener);
  }

  void removeListener(ExchangeListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.warn("{} fake: handler threads still running after stop", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Fault nextFault(FakeRequest request) {
    synchronized (faults) {
      for (java.util.Iterator<Planned> it = faults.iterator(); it.hasNext(); ) {
        Planned planned = it.next();
        if (planned.matches(request)) {
          it.remove();
          return planned.fault();
        }
      }
      return null;
    }
  }

  private void handle(HttpExchange exchange) {
    FakeRequest request;
    try {
      request = read(exchange);
    } catch (IOException e) {
      LOG.warn("{} fake: could not read a request: {}", name, e.toString());
      exchange.close();
      return;
    }
    Fault fault = nextFault(request);
    if (fault instanceof Fault.Hang hang) {
      hangFor(hang);
      exchange.close();
      record(new RecordedExchange(redacted(request), null, fault));
      return;
    }
    FakeResponse response = respond(request, fault);
    // Recorded and shown to the listeners before the client gets the answer, so a test that has
    // its response also finds the exchange in the log and the contract verdict already in.
    record(new RecordedExchange(redacted(request), response, fault));
    write(exchange, response);
  }

  private void record(RecordedExchange recorded) {
    log.add(recorded);
    LOG.debug("{} fake: {}", name, recorded);
    for (ExchangeListener listener : listeners) {
      try {
        listener.onExchange(recorded);
      } catch (RuntimeException e) {
        LOG.error("{} fake: exchange listener failed on {}", name, recorded, e);
      }
    }
  }

  private FakeResponse respond(FakeRequest request, Fault fault) {
    try {
      return fault == null ? api.answer(request) : api.answerFault(fault, request);
    } catch (RuntimeException e) {
      // A bug in the fake itself: answer like a broken server and say why in the log.
      LOG.error("{} fake: failed to answer {} {}", name, request.method(), request.path(), e);
      return FakeResponse.json(
          500, "{\"id\":\"server_error\",\"message\":\"fake failed: " + e.getClass() + "\"}");
    }
  }

  private void hangFor(Fault.Hang hang) {
    try {
      if (closing.await(hang.duration().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.debug("{} fake: hang ended early because the server stops", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static FakeRequest read(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    URI uri = exchange.getRequestURI();
    return new FakeRequest(
        exchange.getRequestMethod().toUpperCase(Locale.ROOT),
        uri.getPath(),
        uri.getRawQuery(),
        headers,
        body);
  }

  private void write(HttpExchange exchange, FakeResponse response) {
    try (exchange) {
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 0) {
        exchange.getResponseHeaders().set("content-type", "application/json; charset=utf-8");
      }
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      // The client went away (e.g. it timed out); the exchange is still recorded.
      LOG.debug("{} fake: could not send the answer: {}", name, e.toString());
    }
  }

  private static FakeRequest redacted(FakeRequest request) {
    if (request.header("authorization").isEmpty()) {
      return request;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put("authorization", List.of("Bearer <redacted>"));
    return new FakeRequest(
        request.method(), request.path(), request.rawQuery(), headers, request.body());
  }
}
