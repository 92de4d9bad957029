package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.promotion.PromotionChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Invokes the deployed promotion function (its alias) synchronously and returns its answer. The
 * client must wait as long as the function may run and never retry ({@code
 * AwsClients.lambdaForSynchronousInvokes}): a retried invoke runs a second promotion request while
 * the first goes on.
 */
public final class LambdaPromotionChannel implements PromotionChannel {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LambdaClient lambda;
  private final FunctionTarget function;

  public LambdaPromotionChannel(LambdaClient lambda, FunctionTarget function) {
    this.lambda = lambda;
    this.function = function;
  }

  @Override
  public String send(String requestJson) {
    InvokeResponse response;
    try {
      response =
          lambda.invoke(
              InvokeRequest.builder()
                  .functionName(function.function())
                  .qualifier(function.qualifier())
                  .invocationType(InvocationType.REQUEST_RESPONSE)
                  .payload(SdkBytes.fromString(requestJson, StandardCharsets.UTF_8))
                  .build());
    } catch (SdkClientException e) {
      if (AwsFailures.neverSent(e)) {
        throw AwsFailures.failure("invoke the promotion function " + function.describe(), e);
      }
      // The invoke left this machine and no answer came back (a timeout, a dropped connection):
      // the function may be running it. Not "unreachable", which invites a retry.
      throw new CommandFailure(
          Outcomes.FAILED,
          "the promotion function "
              + function.describe()
              + " did not answer ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "); it may have started a promotion: see 'baton status', and resume one that is"
              + " RUNNING or FAILED",
          e);
    } catch (SdkException e) {
      throw AwsFailures.failure("invoke the promotion function " + function.describe(), e);
    }
    String payload = response.payload() == null ? "" : response.payload().asUtf8String();
    if (response.functionError() != null) {
      throw new CommandFailure(
          Outcomes.FAILED,
          "the promotion function "
              + function.describe()
              + " failed ("
              + response.functionError()
              + "): "
              + errorMessage(payload)
              + "; it may have started a promotion: see 'baton status', and resume one that is"
              + " RUNNING or FAILED");
    }
    return payload;
  }

  /** The {@code errorType: errorMessage} of Lambda's error payload, without its stack trace. */
  private static String errorMessage(String payload) {
    try {
      JsonNode error = JSON.readTree(payload);
      if (error != null && error.hasNonNull("errorMessage")) {
        return (error.hasNonNull("errorType") ? error.get("errorType").asText() + ": " : "")
            + error.get("errorMessage").asText();
      }
    } catch (IOException e) {
      return "(the error payload is not JSON: " + e.getMessage() + ") " + payload;
    }
    return payload;
  }

  /** The client, for tests of its configuration. */
  LambdaClient client() {
    return lambda;
  }

  @Override
  public String describe() {
    return "lambda:" + function.describe();
  }

  @Override
  public void close() {
    lambda.close();
  }
}
