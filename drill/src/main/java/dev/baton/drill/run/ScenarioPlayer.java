package dev.baton.drill.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.domain.PromotionRequest;
import dev.baton.drill.scenario.DrillAction;
import dev.baton.drill.scenario.OperatorRequests;
import dev.baton.drill.timeline.DrillEvent;
import dev.baton.drill.timeline.DrillTimeline;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionRequestCodec;
import dev.baton.promotion.PromotionStatus;
import dev.baton.store.TableSnapshot;
import java.io.IOException;
import java.util.List;

/**
 * Applies one timeline action to the stack and records it: droplet faults on the fleet, provider
 * faults on the fakes, operator commands through the promotion function as the CLI sends them.
 */
final class ScenarioPlayer {
  /** Who operator commands come from in a drill. */
  static final String OPERATOR = "drill";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final DrillStack stack;
  private final DrillTimeline timeline;
  private final PromotionRequestCodec codec = new PromotionRequestCodec();

  ScenarioPlayer(DrillStack stack, DrillTimeline timeline) {
    this.stack = stack;
    this.timeline = timeline;
  }

  /**
   * Applies {@code action} now.
   *
   * @throws IllegalStateException when the action could not be applied (the runner reports it)
   */
  void apply(DrillAction action) {
    if (action instanceof DrillAction.Manual manual) {
      command(manual);
      return;
    }
    var at = timeline.elapsed();
    String detail;
    if (action instanceof DrillAction.ProviderFail p) {
      detail = stack.providers().failNext(p.provider(), p.times(), p.failure());
    } else if (action instanceof DrillAction.ProviderRestore p) {
      detail = stack.providers().restore(p.provider());
    } else if (action instanceof DrillAction.WorldAction w) {
      detail = stack.applyWorld(w);
    } else {
      detail = stack.fleet().apply(action);
    }
    timeline.record(new DrillEvent.ActionTaken(at, action.text(), action.isFault(), detail));
  }

  private void command(DrillAction.Manual manual) {
    var at = timeline.elapsed();
    PromotionRequest request = OperatorRequests.of(manual, OPERATOR, this::latestFailed);
    timeline.record(
        new DrillEvent.ActionTaken(at, manual.text(), false, "sent to the promotion function"));
    String to = request instanceof PromotionRequest.Manual m ? m.to() : null;
    timeline.record(
        new DrillEvent.PromotionRequested(
            at, request.action(), null, to, OPERATOR, manual.reason()));
    String answer = stack.operator().send(codec.encode(request));
    JsonNode response;
    try {
      response = JSON.readTree(answer);
    } catch (IOException e) {
      throw new IllegalStateException(
          manual.text() + ": the promotion function answered no JSON: " + answer, e);
    }
    timeline.record(
        new DrillEvent.CommandAnswered(
            timeline.elapsed(),
            manual.text(),
            response.path("outcome").asText("?"),
            response.path("reason").asText("")));
  }

  /** The newest promotion that failed: what a bare {@code resume} continues. */
  private String latestFailed() {
    TableSnapshot snapshot = stack.table().read(50);
    List<PromotionRecord> failed =
        snapshot.promotions().stream().filter(p -> p.status() == PromotionStatus.FAILED).toList();
    if (failed.isEmpty()) {
      throw new IllegalStateException("resume: no failed promotion to resume");
    }
    return failed.get(0).id();
  }
}
