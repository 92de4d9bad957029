package dev.baton.local.fakes;

/**
 * Sees every exchange of a fake server (contract validators, test probes), after the answer was
 * decided and before it is sent; for a hang, once the hang ends. Called on the server's handler
 * threads, possibly concurrently: must be thread-safe, quick, and must not throw.
 */
@FunctionalInterface
public interface ExchangeListener {
  void onExchange(RecordedExchange exchange);
}
