package dev.baton.cli;

import dev.baton.domain.InvalidConfigException;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Why a command ended early: one line for the operator (never a credential) and the exit code of
 * {@link Outcomes}. The execution exception handler of {@link BatonCli} prints it.
 */
public final class CommandFailure extends RuntimeException {
  private final int exitCode;

  public CommandFailure(int exitCode, String message, Throwable cause) {
    this(exitCode, message, cause, false);
  }

  private CommandFailure(int exitCode, String message, Throwable cause, boolean keepLines) {
    super(keepLines ? message : oneLine(message), cause);
    this.exitCode = exitCode;
  }

  public CommandFailure(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public int exitCode() {
    return exitCode;
  }

  /**
   * What {@code e}, thrown by a command, means for the operator: itself when it is a failure
   * already, an AWS failure by its kind ({@link AwsFailures}), bad input as {@link
   * Outcomes#REJECTED}, anything else as an internal error.
   */
  public static CommandFailure of(Throwable e) {
    if (e instanceof CommandFailure failure) {
      return failure;
    }
    if (e instanceof InvalidConfigException) {
      // Lists every problem, one per line: the one failure that is not one line.
      return new CommandFailure(Outcomes.REJECTED, e.getMessage(), e, true);
    }
    Optional<SdkException> sdk = AwsFailures.sdkCause(e);
    if (sdk.isPresent()) {
      return AwsFailures.failure(null, sdk.get());
    }
    if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
      return new CommandFailure(Outcomes.REJECTED, e.getMessage(), e);
    }
    return new CommandFailure(
        Outcomes.INTERNAL,
        "internal error (a bug in baton; run again with --verbose for the stack trace): " + e,
        e);
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
