package dev.baton.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.PromotionKind;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.Topology;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromotionRequestCodecTest {
  private static final Topology TOPOLOGY =
      new Topology(
          "shop",
          List.of(
              new RegionConfig("nyc1", 1, "us-east-1", "lb-nyc", "203.0.113.10", null),
              new RegionConfig("ams3", 2, "eu-west-1", "lb-ams", "203.0.113.20", null)),
          List.of(),
          null,
          null);
  private final PromotionRequestCodec codec = new PromotionRequestCodec(TOPOLOGY);

  @Test
  void decodesTheDocumentedFailover() {
    FunctionRequest decoded =
        codec.decode(
            """
            {"action":"failover","from":"nyc1","to":"ams3","expectedEpoch":3,
             "evidence":["nyc1 UNHEALTHY since 10:00"],"requestedBy":"baton:health-transition",
             "reason":"nyc1 down","dryRun":false}""");

    assertThat(decoded)
        .isEqualTo(
            new FunctionRequest.Promotion(
                new PromotionRequest.AutoFailover(
                    "nyc1",
                    "ams3",
                    3,
                    List.of("nyc1 UNHEALTHY since 10:00"),
                    "baton:health-transition",
                    "nyc1 down",
                    false)));
  }

  @Test
  void decodesManualActionsWithTheirDefaults() {
    assertThat(
            codec.decodePromotion(
                "{\"action\":\"failback\",\"to\":\"nyc1\",\"requestedBy\":\"alice\",\"reason\":\"back\"}"))
        .isEqualTo(
            new PromotionRequest.Manual(
                PromotionKind.FAILBACK, "nyc1", false, null, "alice", "back", false));
    assertThat(
            codec.decodePromotion(
                "{\"action\":\"switchover\",\"to\":\"ams3\",\"force\":true,\"expectedEpoch\":4,"
                    + "\"requestedBy\":\"bob\",\"reason\":\"maintenance\",\"dryRun\":true}"))
        .isEqualTo(
            new PromotionRequest.Manual(
                PromotionKind.SWITCHOVER, "ams3", true, 4L, "bob", "maintenance", true));
    assertThat(
            codec.decodePromotion(
                "{\"action\":\"freeze\",\"requestedBy\":\"baton:flap-limit\",\"reason\":\"flapping\"}"))
        .isEqualTo(new PromotionRequest.Freeze("baton:flap-limit", "flapping", false));
    assertThat(
            codec.decodePromotion(
                "{\"action\":\"unfreeze\",\"requestedBy\":\"alice\",\"reason\":\"ack\"}"))
        .isEqualTo(new PromotionRequest.Unfreeze("alice", "ack", false));
    assertThat(
            codec.decodePromotion(
                "{\"action\":\"resume\",\"promotionId\":\"20250301T100000Z-ab12\","
                    + "\"requestedBy\":\"alice\",\"reason\":\"retry\"}"))
        .isEqualTo(new PromotionRequest.Resume("20250301T100000Z-ab12", "alice", "retry", false));
    assertThat(
            codec.decodePromotion(
                "{\"action\":\"reconcile\",\"requestedBy\":\"alice\",\"reason\":\"mismatch\"}"))
        .isEqualTo(new PromotionRequest.Reconcile(null, "alice", "mismatch", false));
  }

  @Test
  void decodesTheInternalReadinessRequest() {
    assertThat(codec.decode(codec.encodeReadiness())).isEqualTo(new FunctionRequest.Readiness());
  }

  @Test
  void decodesTheMapTheLambdaRuntimeHandsOver() {
    assertThat(
            codec.decode(
                Map.of(
                    "action",
                    "failback",
                    "to",
                    "nyc1",
                    "requestedBy",
                    "alice",
                    "reason",
                    "back",
                    "expectedEpoch",
                    4)))
        .isEqualTo(
            new FunctionRequest.Promotion(
                new PromotionRequest.Manual(
                    PromotionKind.FAILBACK, "nyc1", false, 4L, "alice", "back", false)));
  }

  static Stream<PromotionRequest> everyRequestType() {
    return Stream.of(
        new PromotionRequest.AutoFailover(
            "nyc1", "ams3", 3, List.of("a", "b"), "baton:stale-sweeper", "silent", true),
        new PromotionRequest.Manual(
            PromotionKind.FAILBACK, "nyc1", true, 7L, "alice", "recovered", false),
        new PromotionRequest.Manual(
            PromotionKind.SWITCHOVER, "ams3", false, null, "alice", "planned", false),
        new PromotionRequest.Freeze("baton:flap-limit", "two promotions in 1h", false),
        new PromotionRequest.Unfreeze("alice", "acknowledged", false),
        new PromotionRequest.Resume("p-1", "alice", "provider back", false),
        new PromotionRequest.Reconcile(5L, "alice", "TRAFFIC_MISMATCH", false),
        new PromotionRequest.Reconcile(null, "alice", "TRAFFIC_MISMATCH", true));
  }

  @ParameterizedTest
  @MethodSource("everyRequestType")
  void encodeThenDecodeGivesTheSameRequest(PromotionRequest request) {
    String json = codec.encode(request);

    assertThat(codec.decodePromotion(json)).isEqualTo(request);
    assertThat(
            codec.decodePromotion(
                new String(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)).readAllBytes(),
                    StandardCharsets.UTF_8)))
        .isEqualTo(request);
  }

  @Test
  void decodesFromAStream() {
    String json = codec.encode(new PromotionRequest.Freeze("alice", "why", true));

    assertThat(codec.decode(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(
            new FunctionRequest.Promotion(new PromotionRequest.Freeze("alice", "why", true)));
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("", "(body)", "is required"),
        Arguments.of("[1,2]", "(body)", "must be a JSON object"),
        Arguments.of("{\"action\":\"failback\",", "(body)", "must be valid JSON (line 1"),
        Arguments.of("{\"requestedBy\":\"alice\"}", "action", "is required"),
        Arguments.of("{\"action\":7}", "action", "must be a string, was an integer"),
        Arguments.of(
            "{\"action\":\"promote\"}",
            "action",
            "unknown action 'promote'; known: [failover, failback, switchover, freeze, unfreeze,"
                + " resume, reconcile, readiness]"),
        Arguments.of(
            "{\"action\":\"reconcile\",\"to\":\"ams3\",\"requestedBy\":\"alice\",\"reason\":\"r\"}",
            "to",
            "is not a field of action 'reconcile'"),
        Arguments.of(
            "{\"action\":\"reconcile\",\"expectedEpoch\":\"4\",\"requestedBy\":\"a\",\"reason\":\"r\"}",
            "expectedEpoch",
            "must be"),
        Arguments.of(
            "{\"action\":\"failback\",\"requestedBy\":\"alice\",\"reason\":\"r\"}",
            "to",
            "is required"),
        Arguments.of(
            "{\"action\":\"failback\",\"to\":\"xyz9\",\"requestedBy\":\"alice\",\"reason\":\"r\"}",
            "to",
            "unknown region 'xyz9'; the topology has: [nyc1, ams3]"),
        Arguments.of(
            "{\"action\":\"failback\",\"to\":\"nyc1\",\"reason\":\"r\"}",
            "requestedBy",
            "is required"),
        Arguments.of(
            "{\"action\":\"failback\",\"to\":\"nyc1\",\"requestedBy\":\"  \",\"reason\":\"r\"}",
            "requestedBy",
            "must not be blank"),
        Arguments.of(
            "{\"action\":\"failback\",\"to\":\"nyc1\",\"requestedBy\":\"a\"}",
            "reason",
            "is required"),
        Arguments.of(
            "{\"action\":\"failback\",\"to\":\"nyc1\",\"requestedBy\":\"a\",\"reason\":\"r\","
                + "\"dryRun\":\"true\"}",
            "dryRun",
            "must be true or false, was a string"),
        Arguments.of(
            "{\"action\":\"failback\",\"to\":\"nyc1\",\"requestedBy\":\"a\",\"reason\":\"r\","
                + "\"dryrun\":true}",
            "dryrun",
            "is not a field of action 'failback'; its fields are [action, to, force, expectedEpoch,"
                + " requestedBy, reason, dryRun]"),
        Arguments.of(
            "{\"action\":\"failback\",\"to\":\"nyc1\",\"requestedBy\":\"a\",\"reason\":\"r\","
                + "\"dryRun\":false,\"dryRun\":true}",
            "(body)",
            "must not repeat a field"),
        Arguments.of(
            "{\"action\":\"switchover\",\"to\":\"nyc1\",\"requestedBy\":\"a\",\"reason\":\"r\","
                + "\"expectedEpoch\":1.5}",
            "expectedEpoch",
            "must be a whole number, was a decimal number"),
        Arguments.of(
            "{\"action\":\"failover\",\"from\":\"nyc1\",\"to\":\"ams3\",\"requestedBy\":\"a\","
                + "\"reason\":\"r\"}",
            "expectedEpoch",
            "is required"),
        Arguments.of(
            "{\"action\":\"failover\",\"from\":\"nyc1\",\"to\":\"ams3\",\"expectedEpoch\":-1,"
                + "\"requestedBy\":\"a\",\"reason\":\"r\"}",
            "expectedEpoch",
            "must be >= 0, was -1"),
        Arguments.of(
            "{\"action\":\"failover\",\"from\":\"nyc1\",\"to\":\"nyc1\",\"expectedEpoch\":1,"
                + "\"requestedBy\":\"a\",\"reason\":\"r\"}",
            "to",
            "must differ from 'from' ('nyc1')"),
        Arguments.of(
            "{\"action\":\"failover\",\"from\":\"nyc1\",\"to\":\"ams3\",\"expectedEpoch\":1,"
                + "\"evidence\":[\"ok\",3],\"requestedBy\":\"a\",\"reason\":\"r\"}",
            "evidence[1]",
            "must be a string, was an integer"),
        Arguments.of(
            "{\"action\":\"resume\",\"promotionId\":\"../../etc\",\"requestedBy\":\"a\","
                + "\"reason\":\"r\"}",
            "promotionId",
            "must be a promotion id"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("badRequests")
  void badRequestIsRejectedNamingTheFieldAndTheRule(String json, String field, String rule) {
    assertThatThrownBy(() -> codec.decode(json))
        .isInstanceOfSatisfying(
            RequestRejected.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.rule()).startsWith(rule);
            });
  }

  @Test
  void withoutATopologyAnyRegionNameIsLeftToTheRules() {
    assertThat(
            new PromotionRequestCodec()
                .decodePromotion(
                    "{\"action\":\"failback\",\"to\":\"xyz9\",\"requestedBy\":\"a\",\"reason\":\"r\"}"))
        .isEqualTo(
            new PromotionRequest.Manual(
                PromotionKind.FAILBACK, "xyz9", false, null, "a", "r", false));
  }

  @Test
  void malformedJsonIsNotEchoedBack() {
    assertThatThrownBy(() -> codec.decode("{\"action\":\"failback\",\"token\":\"dop_v1_secret"))
        .hasMessageNotContaining("dop_v1_secret");
  }
}
