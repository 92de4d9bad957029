package dev.baton.agent;

/** The agent refuses to start: its clock is not (known to be) synchronised. */
public final class UnsynchronisedClockException extends RuntimeException {
  public UnsynchronisedClockException(String message) {
    super(message);
  }
}
