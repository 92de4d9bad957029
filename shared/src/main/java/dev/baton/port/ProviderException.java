package dev.baton.port;

import java.time.Duration;
import java.util.Optional;

/**
 * A traffic provider (DigitalOcean, Cloudflare, Route 53) refused or failed a call. The message
 * names the provider, the operation and what went wrong; it never contains a credential.
 */
public final class ProviderException extends RuntimeException {
  private final String provider;
  private final boolean retryable;
  private final transient Duration retryAfter;

  /**
   * @param provider e.g. {@code digitalocean}
   * @param message what failed, without secrets
   * @param retryable whether the same call may succeed later (5xx, 429, timeouts)
   * @param retryAfter how long the provider asked us to wait, or null
   */
  public ProviderException(
      String provider, String message, boolean retryable, Duration retryAfter, Throwable cause) {
    super(provider + ": " + message, cause);
    this.provider = provider;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public ProviderException(String provider, String message, boolean retryable) {
    this(provider, message, retryable, null, null);
  }

  public String provider() {
    return provider;
  }

  public boolean retryable() {
    return retryable;
  }

  /** How long the provider asked us to wait (retry-after or rate-limit reset), if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
