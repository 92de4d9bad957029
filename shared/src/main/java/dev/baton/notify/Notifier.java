package dev.baton.notify;

/**
 * Tells humans what Baton did (AWS: an SNS topic; tests: an in-memory list). Implementations send
 * {@link Notice#text()} as the message and {@link Notice#attributes()} as message attributes, so
 * people and filters see the same facts.
 */
public interface Notifier {

  /**
   * Sends one notice.
   *
   * @throws dev.baton.port.ProviderException when the channel failed (retryable when it may work
   *     later)
   */
  void send(Notice notice);
}
