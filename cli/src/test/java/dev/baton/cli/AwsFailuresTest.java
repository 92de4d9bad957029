package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.port.DependencyException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Every kind of failure a command may meet gets its exit code and one line. */
class AwsFailuresTest {

  private static AwsServiceException service(int status, String code, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName("Lambda")
                .build())
        .message(message)
        .build();
  }

  @ParameterizedTest(name = "{1} (HTTP {0}) -> exit {2}")
  @CsvSource({
    "403, AccessDeniedException, 5",
    "403, AccessDenied, 5",
    "400, UnrecognizedClientException, 5",
    "403, ExpiredTokenException, 5",
    "400, ExpiredToken, 5",
    "403, InvalidSignatureException, 5",
    "502, KMSAccessDeniedException, 5",
    "502, KMSDisabledException, 5",
    "403, AuthorizationError, 5",
    "429, TooManyRequestsException, 4",
    "400, ThrottlingException, 4",
    "400, ProvisionedThroughputExceededException, 4",
    "404, ResourceNotFoundException, 4",
    "400, ResourceNotFoundException, 4",
    "500, ServiceException, 4",
    "503, ServiceUnavailable, 4",
    "400, ValidationException, 2",
    "400, InvalidParameterValueException, 2",
  })
  void serviceErrorsMapToTheirKind(int status, String code, int exit) {
    CommandFailure f = AwsFailures.failure("invoke f", service(status, code, "said so"));
    assertThat(f.exitCode()).isEqualTo(exit);
    assertThat(f.getMessage()).contains("invoke f", code, "HTTP " + status, "said so");
  }

  @Test
  void missingCredentialsAreNotAllowed() {
    CommandFailure f =
        AwsFailures.failure(
            "read the table baton",
            SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain"));
    assertThat(f.exitCode()).isEqualTo(Outcomes.NOT_ALLOWED);
    assertThat(f.getMessage())
        .startsWith("not allowed to read the table baton: no AWS credentials");
  }

  @Test
  void transportFailuresAndTimeoutsAreUnreachable() {
    assertThat(AwsFailures.failure("x", SdkClientException.create("Connection refused")).exitCode())
        .isEqualTo(Outcomes.UNREACHABLE);
    assertThat(AwsFailures.failure("x", ApiCallTimeoutException.create(10_000)).exitCode())
        .isEqualTo(Outcomes.UNREACHABLE);
  }

  @Test
  void anAdaptersWrappedSdkFailureIsClassifiedByItsCause() {
    DependencyException wrapped =
        new DependencyException(
            "dynamodb",
            "read promotion p failed",
            false,
            service(400, "AccessDeniedException", "no dynamodb:GetItem"));
    CommandFailure f = CommandFailure.of(wrapped);
    assertThat(f.exitCode()).isEqualTo(Outcomes.NOT_ALLOWED);
    assertThat(f.getMessage()).contains("no dynamodb:GetItem");
  }

  @Test
  void attemptNamesWhatItTriedAndPassesOtherFailuresUnchanged() {
    IllegalStateException bug = new IllegalStateException("bug");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    AwsFailures.attempt(
                        "scan",
                        () -> {
                          throw bug;
                        })))
        .isSameAs(bug);
    Throwable aws =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                AwsFailures.attempt(
                    "scan the table t",
                    () -> {
                      throw service(500, "InternalServerError", "oops");
                    }));
    assertThat(aws)
        .isInstanceOf(CommandFailure.class)
        .hasMessageContaining("cannot scan the table t");
  }

  @Test
  void badInputIsRejectedAndAnythingElseIsAnInternalErrorOnOneLine() {
    assertThat(CommandFailure.of(new IllegalArgumentException("--days: must be ...")).exitCode())
        .isEqualTo(Outcomes.REJECTED);
    assertThat(
            CommandFailure.of(
                    new UncheckedIOException(
                        "cannot read the topology file t.yaml", new java.io.IOException("gone")))
                .exitCode())
        .isEqualTo(Outcomes.REJECTED);
    CommandFailure bug = CommandFailure.of(new NullPointerException("x was null\n  somewhere"));
    assertThat(bug.exitCode()).isEqualTo(Outcomes.INTERNAL);
    assertThat(bug.getMessage()).doesNotContain("\n").contains("--verbose");
  }
}
