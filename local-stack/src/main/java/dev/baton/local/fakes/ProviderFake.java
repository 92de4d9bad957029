package dev.baton.local.fakes;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * What every provider fake offers its tests, whatever the API: fault injection, the recorded
 * exchanges and their listeners, and stopping the HTTP server. A subclass starts its server with
 * its API in its constructor ({@link #serve}).
 */
public abstract class ProviderFake implements AutoCloseable {
  private FakeHttpServer server;

  ProviderFake() {}

  /** Starts the HTTP server answering with {@code api}; called once, by the constructor. */
  final void serve(String name, FakeHttpServer.Api api) {
    if (server != null) {
      throw new IllegalStateException(name + " fake already serving at " + server.baseUri());
    }
    server = FakeHttpServer.start(name, api);
  }

  /** Where the HTTP server listens, without any API base path. */
  final URI serverUri() {
    return server.baseUri();
  }

  /** The API base URL the routers are configured with. */
  public abstract URI baseUrl();

  /** The next {@code times} requests are answered with {@code fault} instead. */
  public void failNext(int times, Fault fault) {
    server.failNext(times, fault, java.util.Set.of());
  }

  /** The next {@code times} requests with {@code method} (e.g. PUT) get {@code fault} instead. */
  public void failNext(int times, Fault fault, String method) {
    server.failNext(times, fault, method.toUpperCase(Locale.ROOT));
  }

  /**
   * The next {@code times} writes (POST, PUT, PATCH, DELETE) get {@code fault} instead; reads, such
   * as the readiness checks of the sweeper running meanwhile, are answered normally.
   */
  public void failNextWrites(int times, Fault fault) {
    server.failNext(times, fault, java.util.Set.of("POST", "PUT", "PATCH", "DELETE"));
  }

  public void clearFaults() {
    server.clearFaults();
  }

  /** Every exchange so far, oldest first (tokens redacted). */
  public List<RecordedExchange> exchanges() {
    return server.exchanges();
  }

  public void clearExchanges() {
    server.clearExchanges();
  }

  public void addListener(ExchangeListener listener) {
    server.addListener(listener);
  }

  public void removeListener(ExchangeListener listener) {
    server.removeListener(listener);
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + baseUrl() + "]";
  }
}
