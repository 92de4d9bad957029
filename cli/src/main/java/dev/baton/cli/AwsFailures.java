package dev.baton.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What an AWS SDK failure means for the operator: not allowed (the caller lacks a permission or a
 * credential), unreachable (network, timeout, throttling, 5xx, the function or table missing), or a
 * request AWS refused as bad. Each becomes a {@link CommandFailure} with one line naming what was
 * attempted, the AWS error code and its message (AWS messages name principals and resources, never
 * a secret).
 */
public final class AwsFailures {
  /** Error codes that mean "you may not", whatever their HTTP status (KMS ones are 502). */
  private static final Set<String> NOT_ALLOWED_CODES =
      Set.of(
          "accessdenied",
          "accessdeniedexception",
          "unauthorizedoperation",
          "unauthorizedexception",
          "unrecognizedclientexception",
          "invalidclienttokenid",
          "expiredtoken",
          "expiredtokenexception",
          "invalidsignatureexception",
          "signaturedoesnotmatch",
          "missingauthenticationtoken",
          "missingauthenticationtokenexception",
          "notauthorized",
          "authfailure",
          "authorizationerror");

  private AwsFailures() {}

  /**
   * Runs {@code call}; an AWS failure in it (also one an adapter wrapped) becomes the {@link
   * CommandFailure} of {@link #failure}, anything else passes unchanged.
   */
  public static <T> T attempt(String doing, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (e instanceof CommandFailure) {
        throw e;
      }
      Optional<SdkException> sdk = sdkCause(e);
      if (sdk.isPresent()) {
        throw failure(doing, sdk.get());
      }
      throw e;
    }
  }

  /** The first SDK exception in {@code e}'s cause chain (adapters wrap them). */
  public static Optional<SdkException> sdkCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SdkException sdk) {
        return Optional.of(sdk);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  /**
   * The failure of an AWS call.
   *
   * @param doing what was attempted, e.g. "invoke the promotion function baton-promotion:live";
   *     null when not known
   */
  public static CommandFailure failure(String doing, SdkException e) {
    String what = doing == null || doing.isBlank() ? "make an AWS call" : doing;
    if (e instanceof AwsServiceException service) {
      AwsErrorDetails details = service.awsErrorDetails();
      String code = details == null || details.errorCode() == null ? "" : details.errorCode();
      String message =
          details == null || details.errorMessage() == null
              ? service.getMessage()
              : details.errorMessage();
      String said =
          (code.isEmpty() ? "" : code + " ")
              + "(HTTP "
              + service.statusCode()
              + ")"
              + (message == null || message.isBlank() ? "" : ": " + message);
      if (notAllowed(code, service.statusCode())) {
        return new CommandFailure(Outcomes.NOT_ALLOWED, "not allowed to " + what + ": " + said, e);
      }
      if (service.isThrottlingException()
          || service.statusCode() >= 500
          || service.statusCode() == 404
          || code.toLowerCase(Locale.ROOT).contains("notfound")) {
        return new CommandFailure(
            Outcomes.UNREACHABLE, "Baton unreachable: cannot " + what + ": " + said, e);
      }
      return new CommandFailure(Outcomes.REJECTED, "AWS refused to " + what + ": " + said, e);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
      return new CommandFailure(
          Outcomes.NOT_ALLOWED,
          "not allowed to "
              + what
              + ": no AWS credentials (set AWS_PROFILE, or the AWS_ACCESS_KEY_ID family, or run"
              + " where a role is attached): "
              + message,
          e);
    }
    return new CommandFailure(
        Outcomes.UNREACHABLE, "Baton unreachable: cannot " + what + ": " + message, e);
  }

  /**
   * Whether a client-side failure happened before the request left this machine: no credentials, a
   * name that does not resolve, a connection refused or never established. Anything else (a read
   * timeout, a reset, the call's own timeout) may have reached the service.
   */
  public static boolean neverSent(SdkClientException e) {
    if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof java.net.UnknownHostException
          || t instanceof java.net.NoRouteToHostException
          || (t instanceof java.net.SocketTimeoutException
              && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("connect"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean notAllowed(String code, int status) {
    String c = code.toLowerCase(Locale.ROOT);
    return status == 401
        || status == 403
        || NOT_ALLOWED_CODES.contains(c)
        || c.startsWith("kms")
        || c.contains("accessdenied")
        || c.contains("notauthorized");
  }
}
