package dev.baton.cli;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Invokes the deployed promotion function (its alias) synchronously and returns its answer. */
public final class LambdaPromotionChannel implements PromotionChannel {
  private final LambdaClient lambda;
  private final String function;

  public LambdaPromotionChannel(LambdaClient lambda, String function) {
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
                  .functionName(function)
                  .invocationType(InvocationType.REQUEST_RESPONSE)
                  .payload(SdkBytes.fromString(requestJson, StandardCharsets.UTF_8))
                  .build());
    } catch (SdkException e) {
      throw new IllegalStateException(
          "cannot invoke the promotion function " + function + ": " + e.getMessage(), e);
    }
    String payload = response.payload() == null ? "" : response.payload().asUtf8String();
    if (response.functionError() != null) {
      throw new IllegalStateException(
          "the promotion function "
              + function
              + " failed ("
              + response.functionError()
              + "): "
              + payload);
    }
    return payload;
  }

  @Override
  public String describe() {
    return "lambda:" + function;
  }

  @Override
  public void close() {
    lambda.close();
  }
}
