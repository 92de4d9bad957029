package dev.baton.detection.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.port.ReadinessCheck;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.store.SdkFailures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Runs the readiness check inside the promotion function (decision 0002: it has the routers and the
 * credentials) with a synchronous invoke of {@code {"action":"readiness"}}. The answer is {@code
 * {"outcome":"ready"}} or {@code {"outcome":"not-ready","problems":[{"router","region",
 * "detail"}]}}; a function error or any other answer is itself a problem.
 */
public final class LambdaReadinessCheck implements ReadinessCheck {
  /** The router name used for problems of the check itself rather than of one router. */
  public static final String PROMOTION_FUNCTION = "promotion-function";

  private final Supplier<LambdaClient> lambda;
  private final String function;
  private final PromotionRequestCodec codec;
  private final ObjectMapper json;

  public LambdaReadinessCheck(
      LambdaClient lambda, String function, PromotionRequestCodec codec, ObjectMapper json) {
    this(() -> lambda, function, codec, json);
    Objects.requireNonNull(lambda, "lambda");
  }

  /**
   * @param lambda the client for the synchronous invoke, built on first use (only the sweeper runs
   *     the check: the stream function never pays for its client); it must wait longer than the
   *     promotion function may run and never retry ({@code AwsClients.lambdaForSynchronousInvokes})
   */
  public LambdaReadinessCheck(
      Supplier<LambdaClient> lambda,
      String function,
      PromotionRequestCodec codec,
      ObjectMapper json) {
    this.lambda = Objects.requireNonNull(lambda, "lambda");
    this.function = Objects.requireNonNull(function, "function");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.json = Objects.requireNonNull(json, "json");
  }

  @Override
  public List<Problem> check() {
    InvokeResponse response;
    try {
      response =
          lambda
              .get()
              .invoke(
                  InvokeRequest.builder()
                      .functionName(function)
                      .invocationType(InvocationType.REQUEST_RESPONSE)
                      .payload(SdkBytes.fromUtf8String(codec.encodeReadiness()))
                      .build());
    } catch (SdkException e) {
      throw SdkFailures.translate("lambda", "invoke " + function + " (readiness)", e);
    }
    String body = response.payload() == null ? "" : response.payload().asUtf8String();
    if (response.functionError() != null) {
      return List.of(
          problem(
              "the readiness check failed inside "
                  + function
                  + " ("
                  + response.functionError()
                  + "): "
                  + errorMessage(body)));
    }
    return readAnswer(function, body, json);
  }

  /**
   * The problems in the promotion function's answer to {@code {"action":"readiness"}}; an answer
   * that is not a readiness answer is itself a problem. Also used where the function runs in
   * process (the local drill).
   */
  public static List<Problem> readAnswer(String function, String body, ObjectMapper json) {
    JsonNode answer;
    try {
      answer = json.readTree(body);
    } catch (IOException e) {
      return List.of(problem(function + " answered the readiness check with invalid JSON: " + e));
    }
    String outcome = answer == null ? "" : answer.path("outcome").asText("");
    return switch (outcome) {
      case "ready" -> List.of();
      case "not-ready" -> problems(answer);
      default ->
          List.of(
              problem(
                  function
                      + " answered the readiness check with outcome '"
                      + outcome
                      + "': "
                      + answer.path("reason").asText("(no reason)")));
    };
  }

  private static List<Problem> problems(JsonNode answer) {
    List<Problem> problems = new ArrayList<>();
    for (JsonNode p : answer.path("problems")) {
      problems.add(
          new Problem(
              p.path("router").asText("?"),
              p.path("region").asText("*"),
              p.path("detail").asText("")));
    }
    if (problems.isEmpty()) {
      problems.add(problem("not ready: " + answer.path("reason").asText("(no reason given)")));
    }
    return problems;
  }

  private String errorMessage(String body) {
    try {
      JsonNode error = json.readTree(body);
      return error == null ? body : error.path("errorMessage").asText(body);
    } catch (IOException e) {
      return body;
    }
  }

  private static Problem problem(String detail) {
    return new Problem(PROMOTION_FUNCTION, "*", detail);
  }
}
