package dev.baton.drill.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.port.ReadinessCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The sweeper's readiness check, asked of the in-process promotion function with the same request
 * and read from the same answer as through Lambda ({@code {"outcome":"ready"|"not-ready",
 * "problems":[{router, region, detail}]}}).
 */
final class InProcessReadinessCheck implements ReadinessCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final UnaryOperator<String> promotionFunction;

  InProcessReadinessCheck(UnaryOperator<String> promotionFunction) {
    this.promotionFunction = promotionFunction;
  }

  @Override
  public List<Problem> check() {
    String body = promotionFunction.apply("{\"action\":\"readiness\"}");
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (IOException e) {
      return List.of(
          problem("the promotion function answered the readiness check with invalid JSON: " + e));
    }
    String outcome = answer == null ? "" : answer.path("outcome").asText("");
    if (outcome.equals("ready")) {
      return List.of();
    }
    List<Problem> problems = new ArrayList<>();
    for (JsonNode p : answer.path("problems")) {
      problems.add(
          new Problem(
              p.path("router").asText("?"),
              p.path("region").asText("*"),
              p.path("detail").asText("")));
    }
    if (problems.isEmpty()) {
      problems.add(
          problem(
              "outcome '" + outcome + "': " + answer.path("reason").asText("(no reason given)")));
    }
    return problems;
  }

  private static Problem problem(String detail) {
    return new Problem("promotion-function", "*", detail);
  }
}
