package dev.baton.detection.aws;

import dev.baton.domain.PromotionRequest;
import dev.baton.port.DependencyException;
import dev.baton.port.PromotionInvoker;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.store.SdkFailures;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Hands promotion requests to the promotion function with an asynchronous Lambda invoke ({@code
 * InvocationType=Event}): Lambda queues the request (retrying and dead-lettering it as the template
 * says) and the detector does not wait for the saga.
 */
public final class LambdaPromotionInvoker implements PromotionInvoker {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaPromotionInvoker.class);

  /** Lambda's answer to an accepted asynchronous invoke. */
  static final int ACCEPTED = 202;

  private final LambdaClient lambda;
  private final String function;
  private final PromotionRequestCodec codec;

  /**
   * @param function the promotion function's name or ARN (its alias, so SnapStart applies)
   */
  public LambdaPromotionInvoker(LambdaClient lambda, String function, PromotionRequestCodec codec) {
    this.lambda = Objects.requireNonNull(lambda, "lambda");
    this.function = Objects.requireNonNull(function, "function");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public void requestPromotion(PromotionRequest request) {
    String payload = codec.encode(request);
    InvokeResponse response;
    try {
      response =
          lambda.invoke(
              InvokeRequest.builder()
                  .functionName(function)
                  .invocationType(InvocationType.EVENT)
                  .payload(SdkBytes.fromUtf8String(payload))
                  .build());
    } catch (SdkException e) {
      throw SdkFailures.translate(
          "lambda", "invoke " + function + " (" + request.action() + ")", e);
    }
    if (response.statusCode() == null || response.statusCode() != ACCEPTED) {
      throw new DependencyException(
          "lambda",
          "invoke "
              + function
              + " ("
              + request.action()
              + ") answered status "
              + response.statusCode()
              + ", expected "
              + ACCEPTED,
          true,
          null);
    }
    LOG.info("asked {} to {} (requested by {})", function, request.action(), request.requestedBy());
  }
}
