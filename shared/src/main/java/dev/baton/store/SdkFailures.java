package dev.baton.store;

import dev.baton.port.DependencyException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;

/** Turns AWS SDK failures into {@link DependencyException}, judging whether a retry may help. */
public final class SdkFailures {
  private SdkFailures() {}

  /**
   * @param dependency e.g. {@code dynamodb}
   * @param operation what was attempted, e.g. {@code "query HB#nyc1"}
   */
  public static DependencyException translate(String dependency, String operation, SdkException e) {
    return new DependencyException(
        dependency, operation + " failed: " + e.getMessage(), retryable(e), e);
  }

  /**
   * Throttling, server errors, client-side I/O (timeouts, resets) and a strongly consistent (MRSC)
   * table's {@code ReplicatedWriteConflictException} (another region wrote the item at the same
   * time) may pass on a retry.
   */
  public static boolean retryable(SdkException e) {
    if (e instanceof ReplicatedWriteConflictException) {
      return true;
    }
    if (e instanceof AwsServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500 || service.retryable();
    }
    return e instanceof SdkClientException || e.retryable();
  }
}
