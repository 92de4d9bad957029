package dev.baton.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionResultCodecTest {
  private final PromotionResultCodec codec = new PromotionResultCodec();

  @Test
  void aRejectionNamesTheFieldAndTheRule() {
    JsonNode json = codec.toTree(new PromotionResult.Rejected("to", "unknown region 'xyz9'"));

    assertThat(json.path("outcome").asText()).isEqualTo("rejected");
    assertThat(json.path("field").asText()).isEqualTo("to");
    assertThat(json.path("rule").asText()).isEqualTo("unknown region 'xyz9'");
    assertThat(json.path("reason").asText()).isEqualTo("to: unknown region 'xyz9'");
  }

  @Test
  void readinessAnswersInTheShapeTheSweeperReads() {
    JsonNode ready = codec.toTree(new PromotionResult.Readiness(List.of()));
    JsonNode notReady =
        codec.toTree(
            new PromotionResult.Readiness(
                List.of(
                    new ReadinessCheck.Problem(
                        "do-dns:app.shop.test/A", "ams3", "record missing"))));

    assertThat(ready.path("outcome").asText()).isEqualTo("ready");
    assertThat(notReady.path("outcome").asText()).isEqualTo("not-ready");
    assertThat(notReady.path("problems").get(0).path("router").asText())
        .isEqualTo("do-dns:app.shop.test/A");
    assertThat(notReady.path("problems").get(0).path("region").asText()).isEqualTo("ams3");
    assertThat(notReady.path("problems").get(0).path("detail").asText())
        .isEqualTo("record missing");
  }

  @Test
  void aDryRunListsEveryRequest() {
    JsonNode json =
        codec.toTree(
            new PromotionResult.DryRun(
                "dry run: would ...",
                List.of("claim", "shift:do-global-lb:1"),
                List.of(
                    new TrafficRouter.PlannedRequest(
                        "do-global-lb:1", "PUT", "https://api/lb/1", "{}")),
                List.of("cloudflare-dns:x/A: could not plan: 503")));

    assertThat(json.path("outcome").asText()).isEqualTo("dry-run");
    assertThat(json.path("requests").get(0).path("method").asText()).isEqualTo("PUT");
    assertThat(json.path("steps").size()).isEqualTo(2);
    assertThat(json.path("problems").get(0).asText()).contains("could not plan");
  }
}
