package dev.baton.local.fakes;

import java.time.Duration;

/**
 * A failure a fake provider server is told to answer with instead of doing its job (see {@link
 * FakeDigitalOcean#failNext}). Server errors and rate limits are answered in the provider's own
 * error format, so they are valid API responses; a hang and a malformed body are deliberately not.
 */
public sealed interface Fault {

  /** Answers {@code status} (5xx) with the provider's server-error body. */
  record ServerError(int status) implements Fault {
    public ServerError {
      if (status < 500 || status > 599) {
        throw new IllegalArgumentException("ServerError.status must be 5xx, was " + status);
      }
    }
  }

  /** Answers 429 with the provider's rate-limit body and {@code retry-after} in whole seconds. */
  record RateLimited(Duration retryAfter) implements Fault {
    public RateLimited {
      if (retryAfter == null || retryAfter.isNegative()) {
        throw new IllegalArgumentException("RateLimited.retryAfter must be >= 0");
      }
    }
  }

  /**
   * Holds the request without answering for {@code duration} (or until the server stops), then
   * closes the connection: the client sees a timeout.
   */
  record Hang(Duration duration) implements Fault {
    public Hang {
      if (duration == null || duration.isNegative()) {
        throw new IllegalArgumentException("Hang.duration must be >= 0");
      }
    }
  }

  /** Answers 200 with {@code body} as {@code application/json}, whatever it is. */
  record MalformedBody(String body) implements Fault {
    public MalformedBody {
      if (body == null) {
        throw new IllegalArgumentException("MalformedBody.body is required");
      }
    }
  }

  /** A 500 server error. */
  static Fault serverError() {
    return new ServerError(500);
  }

  /** A server error with {@code status} (5xx). */
  static Fault serverError(int status) {
    return new ServerError(status);
  }

  static Fault rateLimited(Duration retryAfter) {
    return new RateLimited(retryAfter);
  }

  static Fault hang(Duration duration) {
    return new Hang(duration);
  }

  static Fault malformedBody(String body) {
    return new MalformedBody(body);
  }

  /** Whether the answer to this fault is, on purpose, not a response the real API would give. */
  default boolean breaksContract() {
    return this instanceof Hang || this instanceof MalformedBody;
  }
}
