package dev.baton.detection.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.domain.PromotionRequest;
import dev.baton.port.DependencyException;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.testkit.FakeLambdaApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Promotion requests leave as asynchronous invokes of the promotion function's alias. */
class LambdaPromotionInvokerTest {
  private static final String ALIAS =
      "arn:aws:lambda:us-east-1:123456789012:function:baton-promotion:live";
  private final FakeLambdaApi api;
  private final LambdaPromotionInvoker invoker;

  LambdaPromotionInvokerTest() throws Exception {
    api = new FakeLambdaApi();
    invoker =
        new LambdaPromotionInvoker(
            FakeLambdaClients.client(api.endpoint()), ALIAS, new PromotionRequestCodec());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aFailoverIsAnEventInvokeCarryingTheDocumentedJson() throws Exception {
    api.answerNext(202, Map.of(), "");

    invoker.requestPromotion(
        new PromotionRequest.AutoFailover(
            "nyc1",
            "ams3",
            3,
            List.of("nyc1 UNHEALTHY"),
            "baton:health-transition",
            "down",
            false));

    FakeLambdaApi.Received request = api.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path())
        .isEqualTo("/2015-03-31/functions/" + ALIAS.replace(":", "%3A") + "/invocations");
    assertThat(request.header("X-Amz-Invocation-Type")).isEqualTo("Event");
    assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256");
    var body = new ObjectMapper().readTree(request.body());
    assertThat(body.path("action").asText()).isEqualTo("failover");
    assertThat(body.path("from").asText()).isEqualTo("nyc1");
    assertThat(body.path("to").asText()).isEqualTo("ams3");
    assertThat(body.path("expectedEpoch").asLong()).isEqualTo(3);
    assertThat(body.path("requestedBy").asText()).isEqualTo("baton:health-transition");
  }

  @Test
  void aFreezeFromTheFlapLimitIsSentAsAFreezeRequest() throws Exception {
    api.answerNext(202, Map.of(), "");

    invoker.requestPromotion(new PromotionRequest.Freeze("baton:flap-limit", "flapping", false));

    var body = new ObjectMapper().readTree(api.received().get(0).body());
    assertThat(body.path("action").asText()).isEqualTo("freeze");
    assertThat(body.path("requestedBy").asText()).isEqualTo("baton:flap-limit");
  }

  @Test
  void throttlingIsARetryableFailure() {
    api.answerNext(
        429,
        Map.of("x-amzn-ErrorType", "TooManyRequestsException"),
        "{\"message\":\"Rate exceeded\",\"Reason\":\"CallerRateLimitExceeded\"}");

    assertThatThrownBy(
            () ->
                invoker.requestPromotion(
                    new PromotionRequest.Freeze("baton:flap-limit", "x", false)))
        .isInstanceOfSatisfying(
            DependencyException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("freeze").contains(ALIAS);
            });
  }

  @Test
  void aMissingFunctionIsNotRetryable() {
    api.answerNext(
        404,
        Map.of("x-amzn-ErrorType", "ResourceNotFoundException"),
        "{\"message\":\"Function not found\",\"Type\":\"User\"}");

    assertThatThrownBy(
            () ->
                invoker.requestPromotion(
                    new PromotionRequest.Freeze("baton:flap-limit", "x", false)))
        .isInstanceOfSatisfying(
            DependencyException.class, e -> assertThat(e.retryable()).isFalse());
  }
}
