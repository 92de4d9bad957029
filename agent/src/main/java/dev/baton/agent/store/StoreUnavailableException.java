package dev.baton.agent.store;

/** The table could not be read or written; the message says why (never credentials). */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
