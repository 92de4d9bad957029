package dev.baton.promotion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.domain.Baton;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;

/**
 * The promotion function's JSON answer: {@code {"outcome": "...", "reason": "...", ...}} with the
 * facts of each outcome. The sweeper reads the readiness answer back ({@code
 * dev.baton.detection.aws.LambdaReadinessCheck}): {@code outcome} ready or not-ready, {@code
 * problems} of router, region and detail.
 */
public final class PromotionResultCodec {
  private final JsonMapper mapper = JsonMapper.builder().build();

  /** The JSON tree of {@code result}. */
  public ObjectNode toTree(PromotionResult result) {
    ObjectNode node = mapper.createObjectNode();
    node.put("outcome", result.outcome());
    node.put("reason", result.reason());
    if (result instanceof PromotionResult.Rejected rejected) {
      node.put("field", rejected.field());
      node.put("rule", rejected.rule());
    } else if (result instanceof PromotionResult.Promoted promoted) {
      promotion(node, promoted.promotion());
    } else if (result instanceof PromotionResult.Failed failed) {
      promotion(node, failed.promotion());
      node.put("failedStep", failed.step());
    } else if (result instanceof PromotionResult.NotActing notActing) {
      if (notActing.promotion() != null) {
        node.put("promotionId", notActing.promotion().id());
        node.put("status", notActing.promotion().status().name());
      }
      if (notActing.baton() != null) {
        baton(node.putObject("baton"), notActing.baton());
      }
    } else if (result instanceof PromotionResult.DryRun dryRun) {
      node.put("dryRun", true);
      ArrayNode steps = node.putArray("steps");
      dryRun.steps().forEach(steps::add);
      ArrayNode requests = node.putArray("requests");
      for (TrafficRouter.PlannedRequest request : dryRun.requests()) {
        ObjectNode r = requests.addObject();
        r.put("router", request.router());
        r.put("method", request.method());
        r.put("url", request.url());
        r.put("body", request.body());
      }
      ArrayNode problems = node.putArray("problems");
      dryRun.problems().forEach(problems::add);
    } else if (result instanceof PromotionResult.ModeChanged changed) {
      baton(node.putObject("baton"), changed.baton());
    } else if (result instanceof PromotionResult.Readiness readiness) {
      ArrayNode problems = node.putArray("problems");
      for (ReadinessCheck.Problem problem : readiness.problems()) {
        ObjectNode p = problems.addObject();
        p.put("router", problem.router());
        p.put("region", problem.region());
        p.put("detail", problem.detail());
      }
      if (!readiness.notes().isEmpty()) {
        ArrayNode notes = node.putArray("notes");
        readiness.notes().forEach(notes::add);
      }
    }
    return node;
  }

  /** The JSON text of {@code result}. */
  public String encode(PromotionResult result) {
    try {
      return mapper.writeValueAsString(toTree(result));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not encode a promotion result", e);
    }
  }

  private static void promotion(ObjectNode node, PromotionRecord p) {
    node.put("promotionId", p.id());
    node.put("kind", p.kind().name());
    node.put("from", p.from());
    node.put("to", p.to());
    node.put("epoch", p.epoch());
    node.put("status", p.status().name());
    node.put("force", p.force());
    ArrayNode steps = node.putArray("steps");
    for (StepRecord s : p.steps()) {
      ObjectNode step = steps.addObject();
      step.put("name", s.name());
      step.put("status", s.status().name());
      step.put("attempts", s.attempts());
      step.put("detail", s.detail());
      s.duration().ifPresent(d -> step.put("durationMs", d.toMillis()));
    }
  }

  private static void baton(ObjectNode node, Baton baton) {
    node.put("activeRegion", baton.activeRegion());
    node.put("epoch", baton.epoch());
    node.put("mode", baton.mode().name());
    if (baton.promotionId() != null) {
      node.put("promotionId", baton.promotionId());
    }
  }
}
