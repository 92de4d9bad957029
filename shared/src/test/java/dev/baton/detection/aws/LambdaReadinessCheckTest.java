package dev.baton.detection.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.port.ReadinessCheck.Problem;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.testkit.FakeLambdaApi;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweeper's readiness check runs inside the promotion function (decision 0002). */
class LambdaReadinessCheckTest {
  private final FakeLambdaApi api;
  private final LambdaReadinessCheck check;

  LambdaReadinessCheckTest() throws Exception {
    api = new FakeLambdaApi();
    check =
        new LambdaReadinessCheck(
            FakeLambdaClients.client(api.endpoint()),
            "baton-promotion:live",
            new PromotionRequestCodec(),
            new ObjectMapper());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void itIsASynchronousReadinessRequest() {
    api.answerNext(200, Map.of(), "{\"outcome\":\"ready\",\"reason\":\"every router is ready\"}");

    assertThat(check.check()).isEmpty();

    FakeLambdaApi.Received request = api.received().get(0);
    assertThat(request.header("X-Amz-Invocation-Type")).isEqualTo("RequestResponse");
    assertThat(request.body()).isEqualTo("{\"action\":\"readiness\"}");
  }

  @Test
  void everyProblemTheFunctionReportsIsReturned() {
    api.answerNext(
        200,
        Map.of(),
        "{\"outcome\":\"not-ready\",\"reason\":\"2 problems\",\"problems\":["
            + "{\"router\":\"do-global-lb\",\"region\":\"ams3\",\"detail\":\"lb-ams3: 404\"},"
            + "{\"router\":\"cloudflare-dns\",\"region\":\"*\",\"detail\":\"token rejected\"}]}");

    assertThat(check.check())
        .containsExactly(
            new Problem("do-global-lb", "ams3", "lb-ams3: 404"),
            new Problem("cloudflare-dns", "*", "token rejected"));
  }

  @Test
  void aFunctionErrorIsAProblemNamingTheError() {
    api.answerNext(
        200,
        Map.of("X-Amz-Function-Error", "Unhandled"),
        "{\"errorMessage\":\"Task timed out after 60.00 seconds\"}");

    assertThat(check.check())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.router()).isEqualTo("promotion-function");
              assertThat(p.detail()).contains("Unhandled").contains("Task timed out");
            });
  }

  @Test
  void anUnexpectedAnswerIsAProblemToo() {
    api.answerNext(200, Map.of(), "{\"outcome\":\"rejected\",\"reason\":\"unknown action\"}");

    assertThat(check.check())
        .singleElement()
        .satisfies(p -> assertThat(p.detail()).contains("rejected").contains("unknown action"));
  }
}
