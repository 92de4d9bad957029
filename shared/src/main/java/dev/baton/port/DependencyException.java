package dev.baton.port;

/**
 * A call to one of Baton's own dependencies (the table, the promotion function) failed. Adapters
 * turn their SDK's exceptions into this, so application services decide without knowing the SDK:
 * {@link #retryable()} says whether the same call may succeed later (throttling, 5xx, timeouts).
 */
public final class DependencyException extends RuntimeException {
  private final String dependency;
  private final boolean retryable;

  /**
   * @param dependency what was called, e.g. {@code dynamodb} or {@code lambda}
   * @param message what failed, naming the operation, never a secret
   * @param retryable whether the same call may succeed later
   */
  public DependencyException(
      String dependency, String message, boolean retryable, Throwable cause) {
    super(dependency + ": " + message, cause);
    this.dependency = dependency;
    this.retryable = retryable;
  }

  public String dependency() {
    return dependency;
  }

  public boolean retryable() {
    return retryable;
  }
}
